// What a fresh store holds: the default organisation and one admin. Runs once, on an empty store.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hash } from '@node-rs/argon2';
import type { Store } from './db.js';
import { expandUnits, type OrganisationFile } from '../domain/organisation.js';
import { DEFAULT_TIME_LIMIT_POLICY } from '../domain/timeLimits.js';
import { DEFAULT_RATES_CONFIG } from '../domain/rates.js';

const ORG_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../config/default-organisation.json');

export function readDefaultOrganisation(): OrganisationFile {
  return JSON.parse(readFileSync(ORG_FILE, 'utf8'));
}

/** Loads the default organisation into an empty store. Returns false when the store already had one. */
export async function seedOrganisation(store: Store, org = readDefaultOrganisation()): Promise<boolean> {
  return store.transaction(async (tx) => {
    // Serialises several processes starting on one empty database.
    await tx.query('SELECT pg_advisory_xact_lock(72201502)');
    const has = await tx.query('SELECT 1 FROM units LIMIT 1');
    if (has.rows.length) return false;
    for (const d of org.districts) await tx.query('INSERT INTO districts (code, name) VALUES ($1, $2)', [d.code, d.name]);
    for (const u of expandUnits(org)) {
      await tx.query('INSERT INTO units (code, name, kind, district) VALUES ($1, $2, $3, $4)', [u.code, u.name, u.kind, u.district ?? null]);
    }
    let i = 0;
    for (const c of org.categories) {
      await tx.query('INSERT INTO categories (code, name, examples, route_to, confidential, sort_order) VALUES ($1, $2, $3, $4, $5, $6)',
        [c.code, c.name, c.examples ?? '', c.routeTo, c.confidential ?? false, i++]);
    }
    for (const c of org.channels) await tx.query('INSERT INTO channels (code, name) VALUES ($1, $2)', [c.code, c.name]);
    i = 0;
    for (const t of org.appealTypes) await tx.query('INSERT INTO appeal_types (code, name, sort_order) VALUES ($1, $2, $3)', [t.code, t.name, i++]);
    await tx.query("INSERT INTO settings (key, value) VALUES ('time_limits', $1), ('rates', $2) ON CONFLICT (key) DO NOTHING",
      [JSON.stringify(DEFAULT_TIME_LIMIT_POLICY), JSON.stringify(DEFAULT_RATES_CONFIG)]);
    return true;
  });
}

/** Creates `admin` when the store has no users; returns the password when it had to invent one. */
export async function ensureAdmin(store: Store, password: string): Promise<boolean> {
  const passwordHash = await hash(password);
  const r = await store.query(
    `INSERT INTO users (username, password_hash, display_name, unit_code, roles)
     SELECT 'admin', $1, '系统管理员', 'center', ARRAY['admin']
     WHERE NOT EXISTS (SELECT 1 FROM users)
     ON CONFLICT (username) DO NOTHING`,
    [passwordHash],
  );
  return r.rowCount > 0;
}
