"""Parallel approvals (并联审批, seed art. 2–3): one lead department, the
others give opinions within their own deadlines; the lead decides. The lead
departments follow the seed: enterprise establishment → 市工商局, basic
construction → 市发改委. Tax registration (国税、地税) belongs to the bundle in
life but those bureaus are outside the demo city."""

# ruff: noqa: E501 - one field per line: legal bases and conditions are quoted whole

from __future__ import annotations

from .common import LICENCE, NAME_NOTICE, SITE_PLAN, Entry, m

JOINT_BASIS = "《中华人民共和国行政许可法》第二十六条、第四十二条第二款"
SEED = "张政发〔2012〕20号第2条、第3条（联审项目部门牵头、联合办理或并联审批）"

ITEMS: list[Entry] = [
    {
        "no": 90,
        "name": "企业设立联合审批",
        "type": "01",
        "dept": "620700005",
        "mode": "parallel",
        "basis": f"{JOINT_BASIS}；《中华人民共和国公司登记管理条例》第二十条；{SEED}",
        "legal_note": "联合办理，办理时间不得超过45个工作日（行政许可法第四十二条第二款）",
        "committed": 5,
        "committed_note": "工商窗口一口受理，质监、公安同步会签，5个工作日内一并发放营业执照、"
        "组织机构代码证和刻章准许手续",
        "co": [
            ("620700024", 2, "组织机构代码赋码发证"),
            ("620700023", 2, "公章刻制审批（备案）"),
        ],
        "conditions": "已取得企业名称预先核准通知书；经营范围涉及前置审批的，已取得批准文件。",
        "procedure": "工商窗口一口受理\n质监、公安同步会签\n工商局汇总意见并作出登记决定\n窗口统一发证",
        "result": "企业法人营业执照、组织机构代码证、刻章准许凭证",
        "objects": ["1", "2"],
        "materials": [
            m("企业设立联合审批申请表", instructions="一表申请，各部门共享"),
            NAME_NOTICE,
            m("公司章程", instructions="由全体股东签署"),
            m("依法设立的验资机构出具的验资证明", "会计师事务所"),
            m("股东的主体资格证明或者自然人身份证明", originals=0, copies=1),
            m("公司住所证明", "房产管理部门或出租方", 0, 1),
            m("法定代表人身份证明及印章刻制申请", "公安机关", 0, 1),
        ],
    },
    {
        "no": 91,
        "name": "建设项目并联审批",
        "type": "01",
        "dept": "620700002",
        "mode": "parallel",
        "basis": f"{JOINT_BASIS}；《国务院关于投资体制改革的决定》（国发〔2004〕20号）；{SEED}",
        "legal_note": "联合办理，办理时间不得超过45个工作日；经市人民政府负责人批准可以延长15个工作日",
        "committed": 30,
        "flags": "survey collective",
        "co": [
            ("620700029", 7, "出具选址意见书和规划设计条件"),
            ("620700011", 7, "出具用地预审意见"),
            ("620700013", 10, "出具环境影响评价文件审批意见"),
            ("620700012", 7, "出具施工图审查及建设条件意见"),
        ],
        "conditions": "基本建设项目（含重大招商引资、重大产业和省市重点项目）已确定建设单位和建设地点。",
        "procedure": "发改委窗口一口受理\n规划、国土、环保、住建同步审查并出具意见\n联审会议集体研究"
        "（必要时现场踏勘）\n发改委作出立项决定并统一送达",
        "result": "项目核准（审批）批复及各部门审查意见",
        "objects": ["2", "3", "6"],
        "materials": [
            m("建设项目并联审批申请表", instructions="一表申请，各部门共享"),
            m("项目申请报告或可行性研究报告", "具备相应工程咨询资质的机构", 5),
            SITE_PLAN,
            m("环境影响评价文件", "具有相应资质的环评机构", 3),
            m("资金来源证明", "开户银行", 1),
            LICENCE,
        ],
        "faq": "问：重大项目如何申请帮办代办？\n答：项目落地县区或牵头部门指定帮办员，"
        "可代为办理立项、审批、报建和建设过程中的各项手续。",
    },
    {
        "no": 92,
        "name": "互联网上网服务营业场所设立审批",
        "type": "01",
        "dept": "620700027",
        "mode": "parallel",
        "basis": "《互联网上网服务营业场所管理条例》（国务院令第363号）第十条、第十一条、第十二条；"
        f"{JOINT_BASIS}",
        "legal": 20,
        "legal_note": "文化行政部门自收到设立申请之日起20个工作日内作出决定",
        "committed": 15,
        "flags": "survey",
        "co": [("620700023", 10, "信息网络安全和消防安全审核")],
        "conditions": "符合本市互联网上网服务营业场所总量和布局要求，营业场所距中小学校200米以上。",
        "result": "网络文化经营许可证",
        "objects": ["2"],
        "materials": [
            m("互联网上网服务营业场所设立申请书"),
            m("名称预先核准通知书", "工商行政管理部门", 0, 1),
            m("营业场所产权证明或者租赁意向书", "产权单位", 0, 1),
            m("资金信用证明", "开户银行", 1),
            m("法定代表人、主要负责人的身份证明", "公安机关", 0, 1),
            m("计算机台数及网络安全技术措施说明"),
        ],
    },
]
