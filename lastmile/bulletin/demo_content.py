"""Demo content of the bulletin: notices and policies, and the message-board texts used when the
shared TipDM data is missing. Place names follow the demo organisation (和平街道, 东风社区…)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoNotice:
    title: str
    kind: str  # notice / policy / news
    audience: str  # public / residents / party_members / cadres
    area: str  # "district", "street" or a community key
    author: str  # a demo login (org.people key)
    days_ago: float  # publish time before now (negative: scheduled in the future)
    body: str
    expires_days: float | None = None  # after the publish time
    pinned: bool = False
    withdraw: str = ""  # withdrawn a day later with this reason
    draft: bool = False


N = DemoNotice

NOTICES: list[DemoNotice] = [
    N(
        "2026年度城乡居民医保缴费开始啦",
        "policy",
        "public",
        "district",
        "h_hrss",
        10,
        "2026年度城乡居民基本医疗保险集中缴费期为即日起至12月31日，个人缴费标准为每人每年400元。\n\n"
        "缴费方式：\n1. 微信搜索“湘税社保”小程序缴费；\n2. 到就近银行网点或社区服务站代缴；\n"
        "3. 行动不便的老人可联系网格员上门协助。\n\n"
        "低保对象、特困人员、重度残疾人等按规定享受资助参保，请带好身份证到社区核实。",
        expires_days=60,
        pinned=True,
    ),
    N(
        "关于开展秋冬季流感疫苗接种的通知",
        "notice",
        "public",
        "district",
        "h_health",
        22,
        "为降低秋冬季流感发病风险，区卫生健康局组织开展流感疫苗接种。\n\n"
        "接种对象：60岁及以上老年人、6月龄以上儿童、慢性病患者及其他自愿接种人员。\n"
        "接种地点：各社区卫生服务站，周一至周六 8:30—11:30、14:30—17:00。\n\n"
        "60岁及以上本区户籍老人免费接种，请携带身份证和医保卡。接种后请留观30分钟。",
        expires_days=75,
    ),
    N(
        "高龄津贴申领指南",
        "policy",
        "public",
        "street",
        "street_dispatcher",
        150,
        "年满80周岁的本街道户籍老人可申领高龄津贴：80—89周岁每人每月100元，90—99周岁每人每月"
        "300元，100周岁及以上每人每月500元。\n\n"
        "申领材料：身份证、户口本、本人社保卡或银行卡复印件。\n"
        "办理地点：所在社区党群服务中心“一站式”窗口，也可由家属代办。\n\n"
        "每年3月需进行一次生存认证，可在社区窗口或手机上完成。",
        pinned=True,
    ),
    N(
        "东风社区第2网格停水通知",
        "notice",
        "public",
        "dongfeng",
        "h_dongfeng",
        40,
        "因供水管网维修，东风社区第2网格1—6栋将于本周六8:00—18:00停水，请居民提前储水。\n\n"
        "如恢复供水后水质浑浊，请先放水几分钟。不便之处，敬请谅解。\n咨询电话：0731-96565。",
        expires_days=1,
    ),
    N(
        "东风社区管网改造期间临时停水安排",
        "notice",
        "public",
        "dongfeng",
        "h_dongfeng",
        2,
        "管网改造二期施工期间，第1、第3网格将于下周二、周四白天分段停水，每次不超过6小时。\n\n"
        "施工单位将提前一天在各单元门口张贴具体时间。独居老人家中如需送水，请联系网格员。",
        expires_days=7,
    ),
    N(
        "垃圾分类投放时间调整的通知",
        "notice",
        "public",
        "street",
        "street_dispatcher",
        100,
        "自下月1日起，街道各小区实行定时定点投放：早7:00—9:00、晚18:00—20:00。\n\n"
        "厨余垃圾请破袋投放，可回收物可预约上门回收。连续三个月分类准确的家庭可获“绿色家庭”"
        "积分奖励。",
    ),
    N(
        "桃花村关于召开党员大会的通知",
        "notice",
        "party_members",
        "taohua",
        "l_taohua",
        12,
        "定于本月20日（星期五）下午3:00在村党群服务中心二楼会议室召开全体党员大会。\n\n"
        "议程：学习上级会议精神；审议村集体经济项目“四议两公开”议案；民主评议党员。\n\n"
        "请全体党员准时参加，因故不能参加的请向党总支书记请假。",
        expires_days=10,
    ),
    N(
        "网格员业务培训通知",
        "notice",
        "cadres",
        "street",
        "street_dispatcher",
        30,
        "街道定于下周三上午9:00在街道办三楼会议室举办网格员业务培训，内容包括民情日志填写、"
        "诉求办理时限和群众满意度回访。\n\n请各社区（村）网格员、社工准时参加。",
        expires_days=8,
    ),
    N(
        "向阳社区老年人免费健康体检",
        "notice",
        "public",
        "xiangyang",
        "h_xiangyang",
        60,
        "向阳社区卫生服务站为65周岁及以上老年人提供免费健康体检，包括血常规、肝肾功能、心电图、"
        "B超等。\n\n时间：本月10日至25日每天上午7:30—10:00（需空腹）。请携带身份证。",
        expires_days=20,
    ),
    N(
        "新华社区“邻里节”活动回顾",
        "news",
        "public",
        "xinhua",
        "h_xinhua",
        45,
        "上周六，新华社区第三届“邻里节”在中心广场举行。百家宴、旧物交换、义诊义剪吸引了300多名"
        "居民参加，党员志愿者为20多户独居老人送去了饺子。\n\n感谢每一位参与的邻居！",
    ),
    N(
        "退役军人优待证申领办理指南",
        "policy",
        "public",
        "district",
        "h_hrss",
        80,
        "退役军人、其他优抚对象可申领优待证，凭证享受交通、景区等优待。\n\n"
        "申请材料：身份证、退役证明或相关证件、近期免冠彩色照片一张。\n"
        "办理方式：社区退役军人服务站受理，约30个工作日制证。",
    ),
    N(
        "汛期安全提示",
        "notice",
        "public",
        "street",
        "street_dispatcher",
        130,
        "近期降雨频繁，请居民不要在河道、低洼处逗留，地下车库车辆及时移至高处。\n\n"
        "如遇积水、险情，请拨打街道防汛值班电话0731-8000100。",
        expires_days=30,
    ),
    N(
        "电动自行车规范停放和充电的通知",
        "notice",
        "public",
        "dongfeng",
        "l_dongfeng",
        70,
        "为消除火灾隐患，严禁电动自行车进楼入户、飞线充电。社区已在各网格增设集中充电桩"
        "共120个。\n\n对楼道内停放的电动车，物业将先劝导，仍不整改的依法处理。",
    ),
    N(
        "城乡低保政策问答",
        "policy",
        "public",
        "street",
        "street_dispatcher",
        170,
        "问：哪些家庭可以申请低保？\n答：共同生活的家庭成员月人均收入低于当地低保标准，且财产"
        "状况符合规定的，可以申请。\n\n问：去哪里申请？\n答：向户籍所在地社区（村）或街道提出"
        "申请，也可委托社区工作人员代为提出。",
    ),
    N(
        "桃花村集体经济收益分配方案公示",
        "notice",
        "residents",
        "taohua",
        "l_taohua",
        25,
        "经村民代表会议表决通过，本年度村集体经济收益分配方案如下：按户籍人口每人分配300元，"
        "五保户、低保户另增200元。\n\n公示期7天，如有异议请向村务监督委员会反映。",
        expires_days=7,
    ),
    N(
        "冬季燃气安全提醒",
        "notice",
        "public",
        "street",
        "street_dispatcher",
        8,
        "冬季是燃气事故高发期：用气时保持通风，人离火灭；定期检查软管是否老化；闻到异味立即关阀、"
        "开窗，不要开关电器。\n\n燃气公司本月免费上门安检，请留意单元门口通知。",
        expires_days=90,
    ),
    N(
        "残疾人两项补贴申领",
        "policy",
        "public",
        "district",
        "h_hrss",
        55,
        "困难残疾人生活补贴和重度残疾人护理补贴，符合条件的持证残疾人可向户籍所在社区（村）申请。"
        "\n\n材料：身份证、残疾人证、户口本，低保家庭另带低保证。",
    ),
    N(
        "向阳社区“党员先锋岗”评选结果",
        "news",
        "public",
        "xiangyang",
        "l_xiangyang",
        35,
        "经党员推荐、群众评议，社区评出“党员先锋岗”10个，其中楼栋长岗4个、志愿服务岗6个。\n\n"
        "感谢大家一年来的奉献！",
    ),
    N(
        "东风社区党员冬训安排",
        "notice",
        "party_members",
        "dongfeng",
        "l_dongfeng",
        5,
        "今年冬训分三次集中学习，每周六上午9:00在社区党群服务中心进行，并安排一次“政治生日”"
        "活动。行动不便的老党员由党小组长送学上门。",
        expires_days=30,
    ),
    N(
        "元旦期间社区服务安排",
        "notice",
        "public",
        "street",
        "street_dispatcher",
        -5,
        "元旦假期（1月1日）社区党群服务中心暂停办理业务，1月2日起正常上班。假期值班电话："
        "0731-8000100。",
        expires_days=10,
    ),
    N(
        "关于周末暂停办公的通知",
        "notice",
        "public",
        "street",
        "street_dispatcher",
        90,
        "本周末街道便民服务大厅暂停办公。",
        withdraw="时间有误，以新通知为准",
    ),
    N(
        "春节慰问困难群众安排",
        "notice",
        "cadres",
        "street",
        "street_dispatcher",
        1,
        "请各社区（村）于下月10日前报送困难群众慰问名单。（草稿，待核实后发布）",
        draft=True,
    ),
]

BLOCKED_WORDS = ["代开发票", "代办证件", "刷单返利", "博彩", "网络赌博", "高仿"]


@dataclass(frozen=True)
class DemoMessage:
    title: str
    text: str
    reply: str


FALLBACK_MESSAGES: list[DemoMessage] = [
    DemoMessage(
        "小区电梯经常停运",
        "3栋电梯这个月停了三次，老人上下楼很困难，请问什么时候能彻底修好？",
        "您好，社区已联系物业和电梯维保单位，更换了故障的门机板，本周五前完成全面检修。",
    ),
    DemoMessage(
        "建议增设快递柜",
        "小区没有快递柜，快递都堆在门卫室，经常丢件，建议在小区门口增设快递柜。",
        "感谢建议。社区已与物业协商，下月在北门增设两组智能快递柜。",
    ),
    DemoMessage(
        "高龄津贴怎么申请",
        "我父亲今年满80岁，请问高龄津贴怎么申请，需要带什么材料？",
        "您好，请携带老人身份证、户口本和银行卡到社区“一站式”窗口办理，家属可代办。",
    ),
    DemoMessage(
        "广场舞音乐太吵",
        "每天晚上广场舞音乐开得很大声，一直到九点多，影响孩子学习。",
        "您好，社区已与广场舞队负责人沟通，约定晚上8:30前结束并降低音量。",
    ),
    DemoMessage(
        "路灯不亮",
        "东门到菜市场那段路的路灯坏了好几盏，晚上走路很黑，不安全。",
        "您好，已报区城管局路灯所，维修人员三天内到场更换。",
    ),
    DemoMessage(
        "医保缴费问题",
        "我在外地工作，家里老人的医保怎么缴费？可以网上缴吗？",
        "您好，可以通过微信小程序缴费，也可以到社区服务站由工作人员协助代缴。",
    ),
]
