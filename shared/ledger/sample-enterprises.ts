// Fictional enterprises for the sample ledger: Chongqing-style names, real district division codes, and credit
// codes with both check characters (the organisation code's, GB 11714, and the code's, GB 32100-2015). No name belongs
// to a real company on purpose.
import { completeCreditCode } from "./credit-code.ts";

export interface SampleEnterprise {
  name: string;
  district: string;
  creditCode: string;
}

/** District → administrative division code (GB/T 2260), the code's characters 3–8. */
export const DISTRICTS: Record<string, string> = {
  九龙坡区: "500107",
  渝北区: "500112",
  沙坪坝区: "500106",
  江北区: "500105",
  南岸区: "500108",
  北碚区: "500109",
  巴南区: "500113",
  大渡口区: "500104",
  江津区: "500116",
  璧山区: "500120",
};

const BRANDS = [
  "渝丰", "嘉陵", "金渝", "山城", "华渝", "江岸", "巴渝", "恒通", "鼎盛", "宏图", "瑞驰", "青木", "博奥", "星辰", "中渝", "睿联",
  "智远", "海川", "驰越", "晨曦", "蓝鲸", "九鼎", "聚能", "天越", "云岭", "荣昌", "明泰", "锦程", "凯旋", "翔宇", "德润", "新桥",
  "铜锣", "歌乐", "缙云", "龙渝", "朝天", "磁器", "华岩", "双福",
];
const TRADES = [
  "汽车零部件", "智能装备", "电子科技", "新材料", "生物医药", "软件技术", "精密机械", "新能源科技", "信息技术", "半导体",
  "航空科技", "工业互联网", "机器人", "医疗器械", "储能科技", "数控机床",
];
const FORMS = ["有限公司", "股份有限公司", "有限责任公司"];
const CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/**
 * A valid 18-character credit code: 91 (enterprise), division code, a 9-character organisation code (MA, six
 * characters, its check character), the code's check character. Seven draws, as when the organisation code's last
 * character was drawn too, so that the rest of a seed's sample stays as it was.
 */
export function sampleCreditCode(divisionCode: string, random: () => number): string {
  let org = "MA";
  for (let i = 0; i < 7; i++) {
    const ch = CODE_CHARS[Math.floor(random() * CODE_CHARS.length)];
    if (i < 6) org += ch;
  }
  return completeCreditCode(`91${divisionCode}${org}`) as string;
}

/**
 * `count` enterprises in `district`, distinct by name. The 1,920 names of one brand run out in large samples: after
 * a few draws that find only used names, a second brand joins the name (重庆渝丰嘉陵智能装备有限公司).
 */
export function sampleEnterprises(district: string, count: number, random: () => number, used: Set<string>): SampleEnterprise[] {
  const code = DISTRICTS[district] ?? "500107";
  const out: SampleEnterprise[] = [];
  let misses = 0;
  while (out.length < count) {
    const brand = BRANDS[Math.floor(random() * BRANDS.length)] ?? "渝丰";
    const trade = TRADES[Math.floor(random() * TRADES.length)] ?? "智能装备";
    const form = FORMS[Math.floor(random() * 10) < 7 ? 0 : random() < 0.5 ? 1 : 2] ?? "有限公司";
    const second = misses >= 20 ? (BRANDS[Math.floor(random() * BRANDS.length)] ?? "") : "";
    const name = `重庆${brand}${second}${trade}${form}`;
    if (used.has(name)) {
      misses++;
      continue;
    }
    used.add(name);
    out.push({ name, district, creditCode: sampleCreditCode(code, random) });
  }
  return out;
}

/** A seeded generator (mulberry32): the same seed gives the same sample on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
