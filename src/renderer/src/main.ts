import { createPinia } from 'pinia';
import { createApp } from 'vue';
import './boot.ts';
import App from './App.vue';
import { router } from './router.ts';
import './styles/base.css';

// The token has done its job once the host has set the session cookie; keep it out of history and screenshots.
if (new URLSearchParams(window.location.search).has('token')) {
  window.history.replaceState(null, '', window.location.pathname + window.location.hash);
}

createApp(App).use(createPinia()).use(router).mount('#app');
