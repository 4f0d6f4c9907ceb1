-- Replies worth reading (issue 8): response templates (答复模板) and published typical cases (典型案例).

-- A template for the feedback or the closing report of letters of one category (NULL: any), and for
-- a report of one outcome (NULL: any). Placeholders in braces ({称呼}, {编号}, {来信日期}, {单位},
-- {类别}, {办理结果}, {办理情况}) are filled from the case (domain/replyTemplates.ts); what only the
-- officer knows stays a marked blank 【请填写：…】 that the feedback and report steps refuse.
-- category is a code without a foreign key: the defaults below name the default organisation's
-- categories before the organisation is loaded; the API checks it against the categories.
CREATE TABLE reply_templates (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  category text,
  kind text NOT NULL CHECK (kind IN ('feedback', 'report')),
  outcome text CHECK (outcome IN ('resolved', 'partially_resolved', 'explained', 'unresolvable')),
  title text NOT NULL,
  body text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_by bigint REFERENCES users(id),
  updated_by bigint REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (kind = 'report' OR outcome IS NULL)
);
CREATE INDEX reply_templates_kind_idx ON reply_templates (kind, category) WHERE active;

-- A closed case published, anonymised, with its writer's consent. The text is what the public reads
-- (checked by a second pass before it was written); withdrawn ones stay for the record.
CREATE TABLE typical_cases (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES cases(id),
  title text NOT NULL,
  category text,
  text text NOT NULL,
  published_by bigint REFERENCES users(id),
  published_at timestamptz NOT NULL,
  withdrawn_by bigint REFERENCES users(id),
  withdrawn_at timestamptz
);
-- One publication of a case at a time: publishing it again while published is a conflict.
CREATE UNIQUE INDEX typical_cases_case_idx ON typical_cases (case_id) WHERE withdrawn_at IS NULL;
CREATE INDEX typical_cases_published_idx ON typical_cases (published_at DESC, id DESC) WHERE withdrawn_at IS NULL;

-- Default templates (zh) for the default organisation's categories; the center edits them at will.
INSERT INTO reply_templates (category, kind, outcome, title, body) VALUES
  (NULL, 'feedback', NULL, '通用·阶段性反馈', '{称呼}：您好！您于{来信日期}反映的问题（编号{编号}）已由{单位}受理。目前办理情况：{办理情况}。我们将继续跟进，有新的进展会及时告知您。感谢您对公安工作的理解和支持！'),
  (NULL, 'report', 'resolved', '通用·已解决', '{称呼}：您好！您于{来信日期}反映的{类别}问题（编号{编号}），{单位}已办理完毕。经调查核实，{办理情况}。目前该问题已解决。如您对办理结果有疑问，可通过局长信箱继续反映，或拨打咨询电话{咨询电话}。感谢您的监督和支持！'),
  (NULL, 'report', 'partially_resolved', '通用·部分解决', '{称呼}：您好！您于{来信日期}反映的{类别}问题（编号{编号}），{单位}已开展办理。经调查核实，{办理情况}。目前问题已部分解决，尚未解决的部分因{未解决的原因}，我们将{后续措施}，并在有进展时告知您。感谢您的理解和支持！'),
  (NULL, 'report', 'explained', '通用·解释说明', '{称呼}：您好！您于{来信日期}反映的{类别}问题（编号{编号}），{单位}经核查答复如下：{办理情况}。依据{政策依据}，{解释说明}。如您仍有疑问，可拨打咨询电话{咨询电话}。感谢您的理解和支持！'),
  (NULL, 'report', 'unresolvable', '通用·暂无法解决', '{称呼}：您好！您于{来信日期}反映的{类别}问题（编号{编号}），{单位}经核查：{办理情况}。因{无法解决的原因}，该问题暂无法解决。建议您{其他解决途径}。给您带来不便，敬请谅解。'),
  ('household', 'feedback', NULL, '户政·材料告知', '{称呼}：您好！关于您咨询的户政业务（编号{编号}），{单位}答复如下：{办理情况}。办理所需材料：{所需材料}。您可携带上述材料到户籍所在地派出所户籍窗口办理。如有疑问，请拨打咨询电话{咨询电话}。'),
  ('household', 'report', 'explained', '户政·政策解答', '{称呼}：您好！您于{来信日期}咨询的户政业务问题（编号{编号}），{单位}答复如下：{办理情况}。依据{政策依据}，您需携带{所需材料}到户籍所在地派出所办理，办理时限为{办理时限}。感谢您的来信！'),
  ('exit_entry', 'report', 'explained', '出入境·证件办理答复', '{称呼}：您好！您于{来信日期}反映的出入境证件问题（编号{编号}），{单位}答复如下：{办理情况}。您可通过“移民局”政务服务平台或就近出入境接待大厅办理，所需材料：{所需材料}。感谢您的来信！'),
  ('vehicle_license', 'report', 'explained', '车驾管·业务答复', '{称呼}：您好！您于{来信日期}反映的车驾管业务问题（编号{编号}），{单位}答复如下：{办理情况}。相关业务可通过“交管12123”APP或车管所窗口办理，依据为{政策依据}。感谢您的来信！'),
  ('traffic_order', 'report', 'resolved', '交通秩序·违停拥堵整治', '{称呼}：您好！您于{来信日期}反映的交通秩序问题（编号{编号}），{单位}已安排警力到现场核查。{办理情况}。下一步，我们将在早晚高峰加强该路段巡逻管控，对违法行为依法查处。如再发现交通违法行为，可通过“交管12123”APP随手拍举报。感谢您的监督！'),
  ('public_order', 'report', 'resolved', '治安管理·噪音扰民', '{称呼}：您好！您于{来信日期}反映的噪音扰民问题（编号{编号}），{单位}辖区派出所民警已到场处置。{办理情况}。民警已对相关人员进行批评教育，告知《中华人民共和国治安管理处罚法》相关规定，并将加强夜间巡查。如再次发生，请及时拨打110报警。'),
  ('public_order', 'feedback', NULL, '治安管理·已到场核查', '{称呼}：您好！您反映的问题（编号{编号}）{单位}已安排民警到场核查，现场情况：{办理情况}。我们将持续关注，处理结果会及时告知您。'),
  ('missing_person', 'feedback', NULL, '寻人寻亲·采集比对', '{称呼}：您好！您于{来信日期}的寻亲来信（编号{编号}）已由{单位}受理。{办理情况}。我们已按规定开展信息采集与比对工作，一有进展将第一时间与您联系。请保持电话畅通。'),
  ('fraud', 'feedback', NULL, '反诈·线索受理', '{称呼}：您好！您反映的电信网络诈骗线索（编号{编号}）已由{单位}受理。{办理情况}。请妥善保存转账记录、聊天记录等证据。如发现新的线索，请及时拨打110或反诈专线96110。'),
  ('police_conduct', 'report', NULL, '执法监督·核查结果', '{称呼}：您好！您于{来信日期}反映的执法问题（编号{编号}），{单位}已组织核查。核查情况：{办理情况}。处理结果：{处理结果}。感谢您对公安队伍建设的监督！'),
  ('suggestion', 'report', 'explained', '意见建议·采纳答复', '{称呼}：您好！感谢您于{来信日期}对公安工作提出的意见建议（编号{编号}）。{单位}认真研究后答复如下：{办理情况}。欢迎您继续关注和支持公安工作！');
