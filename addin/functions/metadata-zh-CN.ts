// The zh-CN names and descriptions of the custom functions, keyed by function ID and English parameter name.
// The structure (IDs, types, dimensionality, optional, repeating) is copied from the generated functions.json
// at build time; build/metadata.ts fails when this table and the JSDoc in functions.ts drift apart.
// Excel requires names of at least 3 characters, hence 补贴额 for the main function rather than 补贴.
export interface LocalizedFunction {
  name: string;
  description: string;
  parameters: Record<string, { name: string; description: string }>;
}

const FACTS_PAIRS = "名称/值成对：申报要素（中文名或英文名均可：中央财政补助资金 centralFunds、市级补助资金 municipalFunds、研发投入增长额 rndGrowth、年累计采购额 annualPurchases、投保金额 insuredValue），或 日期/date（适用哪一天的政策），或 已获补助/awarded（企业层级上限期间内已获补助，元），或 已获补助.单个项目/awarded.project 等（某一上限口径内已获补助），或 申报通知/notice（申报通知编号：按通知的比例和上限计算）。条款不使用的要素留空或为 0 时忽略";

export const ZH_CN: Record<string, LocalizedFunction> = {
  SUBSIDY: {
    name: "补贴额",
    description: "条款的最高可补金额（元）。金额为区域时，按同样形状溢出结果。",
    parameters: {
      provision: { name: "条款", description: "条款编号，如 \"jiulongpo-5\"（见 CQ.补贴.条款）" },
      amount: { name: "金额", description: "计算基数（元），可为数字、\"1,000,000\" 或 \"50万\"；单元格或区域" },
      facts: { name: "要素", description: FACTS_PAIRS },
    },
  },
  "SUBSIDY.EXPLAIN": {
    name: "补贴.说明",
    description: "逐步说明最高可补金额的计算过程（按 Excel 显示语言）。给出多个条款时，说明就高不重复取哪一条及原因。",
    parameters: {
      provision: { name: "条款", description: "条款编号；或多个（区域，或以逗号分隔的文本）作为择一比较" },
      amount: { name: "金额", description: "计算基数（元）；单元格或区域" },
      facts: { name: "要素", description: "名称/值成对，同 CQ.补贴额" },
    },
  },
  "SUBSIDY.BEST": {
    name: "补贴.就高",
    description: "不可叠加的多个条款中最高的可补金额（就高不重复，元）。用相同参数调用 CQ.补贴.说明 可看取哪一条。",
    parameters: {
      provisions: { name: "条款组", description: "择一比较的条款编号：区域，或以逗号分隔的文本" },
      amount: { name: "金额", description: "计算基数（元）；单元格或区域" },
      facts: { name: "要素", description: "名称/值成对，同 CQ.补贴额；每个条款只取其适用的要素" },
    },
  },
  "SUBSIDY.SOURCE": {
    name: "补贴.原文",
    description: "条款出处：文号、条款号及原文。",
    parameters: { provision: { name: "条款", description: "条款编号" } },
  },
  "SUBSIDY.CAP": {
    name: "补贴.上限",
    description: "条款某一上限口径的上限（元）。",
    parameters: {
      provision: { name: "条款", description: "条款编号" },
      scope: { name: "口径", description: "上限口径（enterpriseYear 单个企业每年、project 单个项目、enterprise 单个企业、productYear 单个产品每年、projectCumulative 单个项目累计、award 单笔）；省略则取企业层级上限（无则取项目或产品上限），同未注明口径的已获补助" },
      branch: { name: "情形", description: "条款分情形时：已获（received、TRUE，已获相应资金）或 未获（otherwise、FALSE）；省略取较高者" },
    },
  },
  "SUBSIDY.RATE": {
    name: "补贴.比例",
    description: "条款对计算基数适用的比例（10% 为 0.1）。",
    parameters: { provision: { name: "条款", description: "条款编号" } },
  },
  "SUBSIDY.REMAINING": {
    name: "补贴.剩余额度",
    description: "某一上限口径的剩余额度（元）：上限减去该口径内已获补助，最低为 0。",
    parameters: {
      provision: { name: "条款", description: "条款编号" },
      awarded: { name: "已获补助", description: "企业在该上限口径及期间内已获补助（元）；单元格或区域" },
      scope: { name: "口径", description: "上限口径，同 CQ.补贴.上限；省略则取企业层级上限（无则取项目或产品上限）" },
      branch: { name: "情形", description: "条款分情形时：已获（received、TRUE）或 未获（otherwise、FALSE）；省略取较高者" },
    },
  },
  "SUBSIDY.RULES": {
    name: "补贴.条款",
    description: "条款编号与名称，两列溢出，可用作数据验证下拉列表。",
    parameters: { document: { name: "政策文件", description: "政策文件代码（jiulongpo、yubei、chongqing2023、chongqing2025、chongqing2026）；省略则列出全部" } },
  },
  "SUBSIDY.MATCH": {
    name: "补贴.匹配",
    description: "政策计算器：按企业所在区县和申报要素，列出可申报的全部条款及最高可补金额（从高到低）。每行：条款编号、名称、最高可补（元）、最低（元）。",
    parameters: {
      district: { name: "区县", description: "企业所在区县：九龙坡（jiulongpo）或渝北（yubei）；其他区县写 重庆（仅市级条款）；省略则列出全部" },
      facts: { name: "要素", description: "名称/值成对，同 CQ.补贴额：申报要素及 日期/date；留空或为 0 视为未给出" },
    },
  },
  "SUBSIDY.VERSION": {
    name: "补贴.版本",
    description: "函数所用政策条款库的版本（规则文件的哈希值，构建时确定）。与服务端不一致时任务窗格会提示。",
    parameters: {},
  },
};
