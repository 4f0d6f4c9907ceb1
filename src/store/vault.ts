// Personal data sealed at rest. Writers' phones, names and ID numbers, and the addresses messages go
// to, are stored as AES-256-GCM ciphertext ("enc1:<key id>:<iv|ciphertext|tag, base64url>"), bound to
// what they are (the AAD is the field's kind, so a phone cannot be passed off as a name). Lookups by
// phone use a keyed hash (HMAC-SHA256, the "blind index"), never the plaintext. A database dump, a
// backup or a replica thus holds no readable personal data; the keys live only in the configuration.
//
// Keys: DATA_KEYS="k2:<base64 32 bytes>,k1:<…>" — the first seals, all open (rotation: put the new key
// first, run `npm run rekey`, then drop the old one); DATA_INDEX_KEY="<base64 32 bytes>" for the blind
// index. Without them (a fresh clone, `npm start`) a key file is created once beside the checkout
// (KEY_FILE, default ./secrets/data-keys.json, mode 0600) — apart from DATA_DIR and from backups.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** What a sealed value is; part of the authenticated data. */
export type SealedKind = 'phone' | 'name' | 'id_number' | 'address';

const PREFIX = 'enc1:';

export class VaultError extends Error {}

export class Vault {
  private readonly keys: Map<string, Buffer>;
  readonly currentKeyId: string;

  constructor(keys: { id: string; key: Buffer }[], private readonly indexKey: Buffer) {
    if (!keys.length) throw new VaultError('DATA_KEYS: at least one key is needed');
    for (const k of keys) {
      if (!/^[A-Za-z0-9_-]{1,16}$/.test(k.id)) throw new VaultError(`DATA_KEYS: key id "${k.id}" must be 1–16 letters, digits, _ or -`);
      if (k.key.length !== 32) throw new VaultError(`DATA_KEYS: key "${k.id}" must be 32 bytes (base64), not ${k.key.length}`);
    }
    if (indexKey.length < 32) throw new VaultError('DATA_INDEX_KEY must be at least 32 bytes (base64)');
    this.keys = new Map(keys.map((k) => [k.id, k.key]));
    this.currentKeyId = keys[0].id;
  }

  /** The ciphertext of a value (null and '' stay as they are: there is nothing to hide). */
  seal(kind: SealedKind, plain: string): string;
  seal(kind: SealedKind, plain: string | null | undefined): string | null;
  seal(kind: SealedKind, plain: string | null | undefined): string | null {
    if (plain === null || plain === undefined || plain === '') return plain ?? null;
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId)!, iv);
    c.setAAD(Buffer.from(kind));
    const body = Buffer.concat([iv, c.update(plain, 'utf8'), c.final(), c.getAuthTag()]);
    return `${PREFIX}${this.currentKeyId}:${body.toString('base64url')}`;
  }

  /** The plaintext of a stored value. A value stored before sealing (no prefix) is returned as it is. */
  open(kind: SealedKind, stored: string): string;
  open(kind: SealedKind, stored: string | null | undefined): string | null;
  open(kind: SealedKind, stored: string | null | undefined): string | null {
    if (stored === null || stored === undefined) return null;
    if (!stored.startsWith(PREFIX)) return stored;
    const colon = stored.indexOf(':', PREFIX.length);
    const keyId = stored.slice(PREFIX.length, colon);
    const key = this.keys.get(keyId);
    if (!key || colon < 0) throw new VaultError(`no key "${keyId}" in DATA_KEYS to open a sealed ${kind}`);
    const body = Buffer.from(stored.slice(colon + 1), 'base64url');
    if (body.length < 28) throw new VaultError(`a sealed ${kind} is cut short`);
    const d = createDecipheriv('aes-256-gcm', key, body.subarray(0, 12));
    d.setAAD(Buffer.from(kind));
    d.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([d.update(body.subarray(12, body.length - 16)), d.final()]).toString('utf8');
  }

  /** True when the stored value is sealed with the current key (what `rekey` leaves behind). */
  isCurrent(stored: string | null | undefined): boolean {
    return stored === null || stored === undefined || stored === '' || stored.startsWith(`${PREFIX}${this.currentKeyId}:`);
  }

  /** The blind index of a value: equal values give equal hashes; without the key, nothing can be learnt. */
  index(kind: string, value: string): string {
    return createHmac('sha256', this.indexKey).update(`${kind}\0${value}`).digest('base64url');
  }
}

export const isSealed = (stored: string | null | undefined) => typeof stored === 'string' && stored.startsWith(PREFIX);

/** A new random keyring, as `npm run rekey -- --new-key` prints and the key file holds. */
export function newKey(): string { return randomBytes(32).toString('base64'); }

interface KeyFile { keys: { id: string; key: string }[]; indexKey: string }

function parseKeys(spec: string): { id: string; key: Buffer }[] {
  return spec.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
    const i = s.indexOf(':');
    if (i <= 0) throw new VaultError('DATA_KEYS: write each key as id:base64 (e.g. k1:…), separated by commas');
    return { id: s.slice(0, i), key: Buffer.from(s.slice(i + 1), 'base64') };
  });
}

/** Reads the key file, creating it (atomically, once, even with several processes starting) when absent. */
function keyFile(file: string): KeyFile {
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    const fresh: KeyFile = { keys: [{ id: 'k1', key: newKey() }], indexKey: newKey() };
    writeFileSync(tmp, `${JSON.stringify(fresh, null, 2)}\n`, { mode: 0o600 });
    try { linkSync(tmp, file); } catch (e) { if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; } finally { unlinkSync(tmp); }
  }
  return JSON.parse(readFileSync(file, 'utf8')) as KeyFile;
}

export function vaultFromEnv(env: NodeJS.ProcessEnv = process.env): Vault {
  if (env.DATA_KEYS) {
    if (!env.DATA_INDEX_KEY) throw new VaultError('DATA_KEYS is set but DATA_INDEX_KEY is not: both are needed');
    return new Vault(parseKeys(env.DATA_KEYS), Buffer.from(env.DATA_INDEX_KEY, 'base64'));
  }
  const f = keyFile(path.resolve(env.KEY_FILE || './secrets/data-keys.json'));
  return new Vault(f.keys.map((k) => ({ id: k.id, key: Buffer.from(k.key, 'base64') })), Buffer.from(f.indexKey, 'base64'));
}

// One keyring per process, like the rest of its configuration: read from the environment on first use.
let current: Vault | null = null;
export function vault(): Vault { return (current ??= vaultFromEnv()); }
/** Replaces the process's keyring (startup with an explicit configuration; rotation tests). */
export function useVault(v: Vault): void { current = v; }

/** The blind index of a citizen's phone (citizens.phone_hash, otp_codes.phone_hash). */
export const phoneIndex = (phone: string) => vault().index('phone', phone);
/** The blind index of a message's recipient (messages.to_hash): how the messages to one phone are found. */
export const recipientIndex = (to: string) => vault().index('to', to);
