// Strings of the staff screens: key → { zh, en }.
export const staff: Record<string, { zh: string; en: string }> = {
  'staff.login.title': { zh: '工作人员登录', en: 'Staff sign-in' },
  'staff.login.username': { zh: '用户名', en: 'Username' },
  'staff.login.password': { zh: '密码', en: 'Password' },
  'staff.login.submit': { zh: '登录', en: 'Sign in' },
  'staff.menu.workbench': { zh: '办理工作台', en: 'Workbench' },
  'staff.menu.cases': { zh: '案件', en: 'Cases' },
  'staff.menu.console': { zh: '中心调度台', en: 'Center console' },
  'staff.menu.dashboard': { zh: '数据看板', en: 'Dashboard' },
  'staff.menu.admin': { zh: '系统管理', en: 'Administration' },
};
