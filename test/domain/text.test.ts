import { describe, it, expect } from 'vitest';
import { normalize } from '../../src/domain/text/normalize.js';
import { segment, charNgrams, LEXICON } from '../../src/domain/text/lexicon.js';
import { isStopWord } from '../../src/domain/text/stopwords.js';
import { districtOf, findPlaces, districtsAtPoint, DISTRICTS } from '../../src/domain/text/gazetteer.js';

describe('normalize', () => {
  it('turns full-width ASCII into half width and lower-cases Latin', () => {
    expect(normalize('ＡＢＣ１２３！？')).toBe('abc123!?');
    expect(normalize('ＫＴＶ噪音')).toBe('ktv噪音');
  });
  it('collapses whitespace (ideographic space too) and trims', () => {
    expect(normalize('  丽康路\u3000\u3000违停 \n\t 严重 ')).toBe('丽康路 违停 严重');
  });
  it('strips zero-width characters', () => {
    expect(normalize('违\u200B停\uFEFF')).toBe('违停');
  });
  it('maps frequent traditional characters to simplified', () => {
    expect(normalize('車輛違停 麗康路 區 號')).toBe('车辆违停 丽康路 区 号');
    expect(normalize('電話詐騙 護照簽註')).toBe('电话诈骗 护照签註'); // 註 is not in the table: left alone
  });
  it('is idempotent and leaves simplified text alone', () => {
    const s = '深圳市南山区丽康路12号';
    expect(normalize(s)).toBe(s);
    expect(normalize(normalize('ＡＢ車'))).toBe(normalize('ＡＢ車'));
  });
});

describe('segment', () => {
  it('keeps lexicon terms whole where Intl.Segmenter splits them', () => {
    const words = segment('丽康路违停严重，晚上有人炸街飙车');
    expect(words).toEqual(expect.arrayContaining(['丽康路', '违停', '炸街', '飙车']));
    expect(words).not.toContain('丽');
    expect(words).not.toContain('停');
  });
  it('keeps police terms and places whole', () => {
    const words = segment('我要办理港澳通行证签注，户口迁移到南山区科技园');
    expect(words).toEqual(expect.arrayContaining(['港澳通行证', '签注', '户口迁移', '南山区', '科技园']));
  });
  it('drops punctuation, whitespace and stop words', () => {
    const words = segment('您好！请问，我的身份证丢了怎么办？谢谢。');
    expect(words).toContain('身份证');
    for (const w of words) {
      expect(isStopWord(w)).toBe(false);
      expect(w).toMatch(/^[\p{L}\p{N}\p{M}]+$/u);
    }
    expect(words).not.toContain('您好');
    expect(words).not.toContain('谢谢');
  });
  it('normalises before segmenting', () => {
    expect(segment('麗康路違停')).toEqual(['丽康路', '违停']);
  });
  it('handles empty and Latin text', () => {
    expect(segment('')).toEqual([]);
    expect(segment('ＫＴＶ noise')).toEqual(expect.arrayContaining(['ktv', 'noise']));
  });
  it('has the place names of the gazetteer in the lexicon', () => {
    for (const w of ['丽康路', '华强北', '民治', '大梅沙', '福田区']) expect(LEXICON.has(w)).toBe(true);
  });
});

describe('charNgrams', () => {
  it('gives 1-, 2- and 3-grams inside runs, never across punctuation', () => {
    const g = charNgrams('违停，炸街');
    expect(g).toEqual(expect.arrayContaining(['违', '违停', '炸街']));
    expect(g).not.toContain('停炸');
    expect(charNgrams('丽康路', [3])).toEqual(['丽康路']);
    expect(charNgrams('丽康路', [2])).toEqual(['丽康', '康路']);
  });
});

describe('districtOf', () => {
  const d = (t: string) => districtOf(t).district;
  it('knows ten districts', () => {
    expect(DISTRICTS.map((x) => x.code)).toEqual(['futian', 'luohu', 'nanshan', 'yantian', 'baoan', 'longgang', 'longhua', 'pingshan', 'guangming', 'dapeng']);
  });
  it('reads full and short district names', () => {
    expect(d('深圳市南山区丽康路12号')).toBe('nanshan');
    expect(d('大鹏新区南澳街道')).toBe('dapeng');
    expect(d('我在龙岗上班')).toBe('longgang');
  });
  it('reads roads, streets, landmarks, metro stations and malls', () => {
    expect(districtOf('丽康路晚上违停严重')).toMatchObject({ district: 'nanshan', evidence: '丽康路' });
    expect(d('华强北有人拉客')).toBe('futian');
    expect(d('东门老街')).toBe('luohu');
    expect(d('科技园附近')).toBe('nanshan');
    expect(d('西乡街道固戍')).toBe('baoan');
    expect(d('布吉大芬油画村')).toBe('longgang');
    expect(d('民治大道')).toBe('longhua');
    expect(d('观澜古墟')).toBe('longhua');
    expect(d('大梅沙海滨公园')).toBe('yantian');
    expect(d('坑梓街道')).toBe('pingshan');
    expect(d('公明广场')).toBe('guangming');
    expect(d('海岸城门口')).toBe('nanshan');
  });
  it('takes the longest match (宝安南路 is in 罗湖, 东部华侨城 in 盐田, 梅林关 in 龙华)', () => {
    expect(d('宝安南路')).toBe('luohu');
    expect(d('东部华侨城')).toBe('yantian');
    expect(d('华侨城')).toBe('nanshan');
    expect(d('梅林关')).toBe('longhua');
    expect(findPlaces('宝安南路').map((m) => m.name)).toEqual(['宝安南路']);
  });
  it('prefers the address-like mention and the district named most', () => {
    expect(d('我住在龙华，今天在福田区福中路被贴了罚单')).toBe('futian');
    expect(d('南山区丽康路，南山的违停，罗湖人路过')).toBe('nanshan');
  });
  it('says unknown when nothing matches or evidence conflicts evenly', () => {
    expect(districtOf('民警态度很差')).toEqual({ district: null, evidence: null, confidence: 0 });
    expect(d('从罗湖到福田的路上被偷了')).toBeNull();
    expect(d('深南大道有人飙车')).toBeNull(); // crosses several districts
    expect(d('光明的未来')).toBeNull(); // a common word, not evidence on its own
    expect(d('')).toBeNull();
  });
  it('gives more confidence to stronger evidence', () => {
    const strong = districtOf('深圳市南山区粤海街道丽康路12号').confidence;
    const weak = districtOf('在南山').confidence;
    expect(strong).toBeGreaterThan(weak);
    expect(strong).toBeLessThanOrEqual(1);
    expect(weak).toBeGreaterThan(0);
  });
  it('uses the map point as evidence', () => {
    expect(districtOf('', { lat: 22.54, lng: 113.95 })).toMatchObject({ district: 'nanshan', evidence: 'map point' });
    expect(districtOf('路边违停', { lat: 22.55, lng: 114.3 }).district).toBe('yantian');
    expect(districtsAtPoint({ lat: 40, lng: 116.4 })).toEqual([]); // Beijing
    expect(districtOf('小区门口', { lat: 40, lng: 116.4 }).district).toBeNull();
    // A written address outweighs a point that disagrees.
    expect(districtOf('福田区福华路', { lat: 22.54, lng: 113.95 }).district).toBe('futian');
  });
});
