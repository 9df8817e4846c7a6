/** Recipes saved in the project: the current version of each, and every earlier version. */
import { opCatalog } from '../../../shared/augment/catalog.ts';
import { validateRecipe, type Recipe } from '../../../shared/augment/recipe.ts';
import { TrainyardError, type Modality } from '../../../shared/contract/index.ts';
import type { Db } from '../project/db.ts';

export interface RecipeRow {
  id: number;
  name: string;
  modality: Modality;
  version: number;
  updatedAt: string;
}

export function checkedRecipe(input: unknown): Recipe {
  const v = validateRecipe(input, opCatalog);
  if (!v.ok) throw new TrainyardError('invalid_input', `invalid recipe: ${v.issues.map((i) => i.message).join('; ')}`, { issues: v.issues });
  return v.recipe;
}

export function listRecipes(db: Db, modality?: Modality): RecipeRow[] {
  const sql = 'SELECT id, name, modality, version, updated_at AS updatedAt FROM recipes';
  return modality ? db.all<RecipeRow>(`${sql} WHERE modality = ? ORDER BY name`, modality) : db.all<RecipeRow>(`${sql} ORDER BY modality, name`);
}

export function getRecipe(db: Db, id: number, version?: number): RecipeRow & { recipe: Recipe } {
  const row = db.get<RecipeRow & { json: string }>('SELECT id, name, modality, version, updated_at AS updatedAt, json FROM recipes WHERE id = ?', id);
  if (!row) throw new TrainyardError('not_found', `no recipe ${id}`);
  let json = row.json;
  if (version !== undefined && version !== row.version) {
    const old = db.get<{ json: string }>('SELECT json FROM recipe_versions WHERE recipe_id = ? AND version = ?', id, version);
    if (!old) throw new TrainyardError('not_found', `recipe ${id} has no version ${version}`);
    json = old.json;
  }
  const { json: _, ...rest } = row;
  return { ...rest, version: version ?? row.version, recipe: JSON.parse(json) as Recipe };
}

/** Saves a recipe under its name (and modality); an existing one gets a new version, the old stays readable. */
export function saveRecipe(db: Db, input: unknown): RecipeRow {
  const recipe = checkedRecipe(input);
  const json = JSON.stringify(recipe);
  const now = new Date().toISOString();
  return db.tx(() => {
    const existing = db.get<{ id: number; version: number; json: string }>('SELECT id, version, json FROM recipes WHERE name = ? AND modality = ?', recipe.name, recipe.modality);
    let id: number;
    let version: number;
    if (!existing) {
      version = 1;
      id = db.run('INSERT INTO recipes (name, modality, version, json, created_at, updated_at) VALUES (?, ?, 1, ?, ?, ?)', recipe.name, recipe.modality, json, now, now).lastInsertRowid;
    } else if (existing.json === json) {
      return { id: existing.id, name: recipe.name, modality: recipe.modality, version: existing.version, updatedAt: now };
    } else {
      id = existing.id;
      version = existing.version + 1;
      db.run('UPDATE recipes SET version = ?, json = ?, updated_at = ? WHERE id = ?', version, json, now, id);
    }
    db.run('INSERT INTO recipe_versions (recipe_id, version, json, created_at) VALUES (?, ?, ?, ?)', id, version, json, now);
    return { id, name: recipe.name, modality: recipe.modality, version, updatedAt: now };
  });
}

export function deleteRecipe(db: Db, id: number): void {
  if (db.run('DELETE FROM recipes WHERE id = ?', id).changes === 0) throw new TrainyardError('not_found', `no recipe ${id}`);
}
