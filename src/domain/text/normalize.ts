// Text normalisation shared by segmentation, the router, the gazetteer and search:
// the same letter typed on a phone IME, pasted from Word or written in Hong Kong must give the same features.

// Traditional → simplified for the most frequent characters, written as pairs "繁简繁简…".
// Only one-to-one mappings that are safe in a police/government letter; ambiguous ones
// (著/着, 乾/干 as 乾坤, 藉 …) are left out on purpose: a missed conversion costs less than a wrong one.
const T2S_PAIRS =
  '車车區区號号違违們们個个來来時时會会對对說说這这點点過过還还發发後后從从當当體体關关頭头長长門门問问題题開开' +
  '學学實实現现進进動动經经產产無无與与電电話话邊边種种東东機机將将員员給给應应國国際际務务氣气場场麼么專专業业' +
  '處处報报紙纸辦办覺觉擇择聽听見见認认識识請请讓让謝谢壞坏壓压憑凭嚴严罰罚舉举檢检覽览鐵铁錢钱銀银錯错鎮镇鄉乡' +
  '縣县鄰邻買买賣卖費费資资質质貨货購购貼贴貴贵賠赔贈赠趙赵軍军輛辆輕轻較较載载輸输轉转農农運运遠远適适遲迟選选' +
  '遺遗遊游達达遞递郵邮醫医釋释針针鈔钞鋪铺鍵键鐘钟閉闭間间閱阅闆板陽阳陳陈險险隊队隨随雜杂雞鸡離离難难雲云霧雾' +
  '靈灵頁页項项順顺須须預预領领頻频顏颜願愿類类風风飛飞飯饭飲饮館馆馬马駕驾駛驶騙骗驗验髮发鬆松魚鱼鳥鸟麵面黃黄' +
  '齊齐齒齿龍龙龜龟亂乱亞亚係系偽伪傳传傷伤傾倾僅仅億亿價价儀仪優优兒儿兩两冊册凈净凍冻創创劃划劇剧勞劳勢势勵励' +
  '協协單单衛卫廠厂廣广廢废廳厅參参雙双變变敘叙吳吴啟启喪丧喬乔團团園园圍围圖图圓圆塊块壘垒壯壮壽寿夢梦夥伙奪夺' +
  '奮奋奧奥婦妇媽妈孫孙寧宁寫写審审寬宽尋寻導导屆届層层屬属崗岗嶺岭島岛峽峡幣币幫帮張张強强歸归彈弹錄录徑径復复' +
  '徵征態态戀恋戶户總总戰战戲戏擔担據据擊击擠挤擴扩擾扰攔拦攜携數数斷断於于晉晋暈晕條条極极構构槍枪標标樣样樓楼' +
  '歐欧歲岁歷历殘残殺杀殼壳漢汉湯汤溝沟準准滅灭滿满潔洁潛潜澤泽濟济濕湿灣湾災灾爐炉爭争爺爷爾尔牆墙牽牵獨独獲获' +
  '獎奖環环產产畫画畢毕療疗盜盗監监盤盘盧卢眾众礎础確确碼码礙碍禮礼禍祸稱称穀谷積积穩稳窮穷竊窃競竞筆笔節节範范' +
  '築筑簡简簽签籃篮籌筹糧粮糾纠紀纪約约紅红紋纹納纳紐纽純纯紗纱級级紛纷細细終终組组絕绝結结絡络統统絲丝綁绑綜综' +
  '綠绿網网維维綱纲緊紧線线編编緩缓練练績绩繞绕繩绳繪绘繫系繳缴續续纜缆罷罢羅罗義义習习聖圣聞闻聯联聲声職职肅肃' +
  '脅胁腦脑腳脚膚肤膠胶臉脸興兴艦舰藝艺蘇苏藥药蘭兰虧亏蟲虫術术衝冲補补裝装裡里製制複复親亲觀观觸触計计訂订討讨' +
  '訊讯記记訪访設设許许診诊詞词評评試试詩诗該该詳详誇夸誌志誤误諸诸課课調调談谈論论謀谋謂谓謊谎講讲證证譜谱警警' +
  '譯译議议護护讀读貝贝負负財财貢贡貧贫販贩貫贯責责貸贷貿贸賀贺賊贼賓宾賞赏賢贤賬账賭赌賴赖賽赛贏赢趕赶趨趋跡迹' +
  '踐践蹤踪躍跃軌轨軟软輔辅輩辈輪轮輯辑轄辖轟轰辭辞遙遥遜逊遷迁遼辽邁迈邏逻鄭郑醜丑鑒鉴釣钓鈴铃鉛铅銅铜銘铭銷销' +
  '鋒锋鋼钢錦锦錫锡鍋锅鎖锁鏈链鏡镜鑰钥閃闪閑闲閘闸閣阁閥阀闊阔闖闯關关陣阵陰阴陸陆階阶隱隐雖虽靜静響响頂顶頑顽' +
  '頒颁頗颇頸颈顆颗額额顛颠顧顾顯显颱台飄飘飼饲飽饱飾饰馮冯駁驳駐驻騎骑騰腾驅驱驚惊鬥斗鬧闹魯鲁鮮鲜鳴鸣鴨鸭鵝鹅' +
  '鹽盐麥麦黨党齡龄龐庞臺台週周隻只餘余彙汇葉叶盡尽爲为邊边區区樂乐蘆芦鬍胡嗎吗麽么啊啊噪噪擾扰聽听證证簽签' +
  '驟骤訴诉訟讼誘诱詐诈騷骚擾扰贓赃竊窃搶抢劫劫毆殴暴暴鬧闹黑黑賠赔償偿撥拨號号碼码罰罚單单違违規规卻却' +
  '猶犹豫豫羈羁繼继續续隨随樁桩燈灯礦矿擺摆攤摊販贩廁厕壩坝壇坛墳坟獄狱殯殡棄弃癱瘫瘓痪噸吨鏟铲攬揽護护糞粪' +
  '麗丽視视歡欢華华萬万權权樹树橋桥櫃柜決决況况溫温漲涨濱滨為为煙烟熱热燒烧爛烂狀状異异稅税織织縮缩脈脉腸肠臟脏莊庄蘋苹訓训託托詢询誠诚誰谁諒谅諾诺謠谣謹谨豐丰賺赚輝辉辯辩錶表鏽锈閒闲飢饥餓饿劍剑勝胜匯汇厭厌厲厉嘆叹嚇吓囑嘱堅坚墊垫夠够夾夹娛娱嬰婴寵宠寶宝屍尸帥帅師师帳帐帶带幹干幾几庫库彎弯徹彻惡恶惱恼愛爱慘惨慣惯慮虑憂忧懇恳懷怀懸悬捨舍掃扫掛挂採采換换揮挥損损搖摇撐撑撲扑擁拥擬拟攏拢敗败敵敌暫暂曆历曉晓書书棟栋榮荣橫横檔档欄栏汙污沒没涼凉漸渐潑泼濃浓燙烫營营犧牺狹狭瘋疯盃杯禪禅窪洼筍笋簾帘籠笼籤签粵粤絞绞緝缉縱纵縫缝纏缠罵骂脫脱腫肿膽胆艱艰蒼苍蓋盖蕩荡虛虚螞蚂蟻蚁襯衬誼谊諮咨謎谜譽誉豎竖豬猪賄贿賂赂賤贱軀躯轎轿鄒邹釀酿鉤钩銳锐鑄铸闢辟韻韵颳刮飆飙餃饺驕骄鷹鹰鹹咸鄧邓劉刘楊杨蔣蒋藍蓝襲袭讚赞貓猫醬酱韓韩頓顿髒脏鬱郁勸劝測测漁渔滾滚獵猎獻献畝亩磚砖祕秘禦御窩窝緒绪締缔聰聪腎肾薦荐蝦虾褲裤襪袜軸轴釘钉餅饼餵喂驢驴鴿鸽鶴鹤懶懒';

const T2S: Map<string, string> = (() => {
  const m = new Map<string, string>();
  const chars = Array.from(T2S_PAIRS);
  for (let i = 0; i + 1 < chars.length; i += 2) if (chars[i] !== chars[i + 1]) m.set(chars[i], chars[i + 1]);
  return m;
})();

// Zero-width and BOM characters hide inside pasted text and break exact matching.
const ZERO_WIDTH = /[\u200B-\u200F\u2060\uFEFF\u00AD]/g;

/** Full → half width for ASCII, lower-case Latin, traditional → simplified, no zero-width, one space. */
export function normalize(s: string): string {
  if (!s) return '';
  let out = '';
  for (const ch of s.replace(ZERO_WIDTH, '')) {
    const c = ch.codePointAt(0)!;
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0); // ＡＢＣ１２３！ → ABC123!
    else if (c === 0x3000) out += ' '; // ideographic space
    else out += T2S.get(ch) ?? ch;
  }
  return out.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** How many traditional characters the table knows; exposed for tests. */
export const T2S_SIZE = T2S.size;
