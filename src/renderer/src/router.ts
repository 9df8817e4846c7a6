import { createRouter, createWebHashHistory } from 'vue-router';
import GalleryView from './views/GalleryView.vue';
import ProjectView from './views/ProjectView.vue';
import SplitView from './views/SplitView.vue';
import AugmentView from './views/AugmentView.vue';
import TrainView from './views/TrainView.vue';

// Hash history works the same from file:// (Electron) and from the web host.
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', name: 'project', component: ProjectView },
    { path: '/datasets/:datasetId/gallery', name: 'gallery', component: GalleryView, props: (r) => ({ datasetId: Number(r.params.datasetId) }) },
    { path: '/datasets/:datasetId/splits', name: 'splits', component: SplitView, props: (r) => ({ datasetId: Number(r.params.datasetId) }) },
    { path: '/datasets/:datasetId/augment', name: 'augment', component: AugmentView, props: (r) => ({ datasetId: Number(r.params.datasetId) }) },
    { path: '/datasets/:datasetId/train', name: 'train', component: TrainView, props: (r) => ({ datasetId: Number(r.params.datasetId) }) },
  ],
});
