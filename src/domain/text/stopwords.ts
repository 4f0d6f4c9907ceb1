// Chinese stop words: function words and the politeness formulas every letter carries
// (您好, 谢谢, 希望有关部门…). They say nothing about what the letter is about, so they only add noise
// to the router, similar-letter search and hot-issue keywords.
const STOP = `
的 地 得 了 着 过 是 在 我 我们 我家 你 你们 您 您们 他 他们 她 她们 它 它们 这 这个 这些 这里 这样 那 那个 那些 那里 那样
有 没 没有 和 与 及 以及 或 或者 也 都 就 很 还 又 再 才 把 被 给 让 对 对于 向 从 到 于 为 为了 因为 所以 但 但是 而 而且
如果 虽然 然后 之 其 其中 此 该 各 每 某 一 一个 一些 一下 一直 一样 个 些 吗 呢 吧 啊 呀 哦 嘛 么 什么 怎么 怎样 如何 为什么
哪 哪里 谁 多少 几 要 会 能 能够 可以 可 应该 应 需要 想 已 已经 曾 正在 将 将要 不 不是 不能 不会 没法 非常 特别 十分 比较 更
最 太 真 真的 就是 还是 只是 只 仍 仍然 并 并且 等 等等 上 下 中 里 内 外 前 后 时 时候 年 月 日 号 次 人 们 自己 大家
请 请问 希望 恳请 恳求 麻烦 问题 情况 相关 有关 部门 领导 你好 您好 各位 尊敬 尊敬的 谢谢 感谢 非常感谢 此致 敬礼 谨此
反映 反应 一下子 现在 目前 今天 昨天 最近 近日 近期 日前 之前 以后 以前 当时 期间 其他 其它
关于 根据 按照 通过 进行 出现 存在 发生 造成 导致 影响 解决 处理 及时 尽快 给予 予以 答复 回复 落实 重视 关注 帮助 帮忙
市民 群众 本人 作为 这种 那种 这么 那么 这边 那边 如此 此事 此类 是否 能否 可否 有没有 是不是 还有 另外 同时 而是 只有
`;
export const STOP_WORDS: ReadonlySet<string> = new Set(STOP.split(/\s+/).filter(Boolean));
export const isStopWord = (w: string): boolean => STOP_WORDS.has(w);
