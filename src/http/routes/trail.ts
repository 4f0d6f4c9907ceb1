// The audit trail's check from the administration: the same verification as `npm run verify-trail`.
import type { App, RouteEnv } from '../app.js';
import { requireStaff } from '../auth.js';
import { verifyTrail } from '../../commands/verifyTrail.js';

export function trailRoutes(app: App, { deps }: RouteEnv) {
  app.get('/api/admin/trail/verify', {
    schema: { tags: ['admin'], summary: '校验审计链（逐案哈希链与全局封存链），指出第一处断点' },
  }, async (req) => {
    requireStaff(req, 'admin');
    return verifyTrail(deps.store);
  });
}
