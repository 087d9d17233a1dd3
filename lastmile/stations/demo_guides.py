"""办事指南 of the demo: common services a street's 党群服务中心 and its community and village
stations take in, with the materials, steps, time limits and fees as such guides usually state
them. ``where``: "all" is offered at every station (the centre handles it), "centre" only at the
centre. Demo content: check the local government's current guide before relying on it."""

from __future__ import annotations

from typing import Any

GUIDES: list[dict[str, Any]] = [
    {
        "code": "juzhuzheng",
        "name": "居住证办理",
        "category": "residence",
        "keywords": "居住证 暂住证 流动人口",
        "summary": (
            "离开常住户口所在地，在本市居住半年以上，有合法稳定就业、"
            "合法稳定住所或连续就读条件之一的，可以申领居住证，凭证享受基本公共服务和便利。"
        ),
        "eligibility": (
            "在本辖区居住半年以上、符合合法稳定就业、合法稳定住所、"
            "连续就读条件之一的非本市户籍人员。"
        ),
        "materials": (
            "居民身份证原件\n近期一寸免冠彩色照片1张（或现场采集）\n"
            "合法稳定住所证明（房产证、购房合同或租赁合同）\n就业证明或就读证明（劳动合同、"
            "营业执照、学生证等，三选一）"
        ),
        "steps": (
            "在社区服务站或街道中心窗口提交材料\n窗口核验材料、采集信息\n公安机关审核制证\n"
            "凭回执到原受理窗口领取居住证"
        ),
        "time_limit": "受理后15个工作日内发证",
        "fee": "首次申领不收费",
        "is_one_visit": True,
        "is_online": True,
        "online_hint": "“湘易办”App — 居住证申领（网上申请，线下领证）",
        "basis": "《居住证暂行条例》（国务院令第663号）",
        "where": "all",
    },
    {
        "code": "hukou-qianru",
        "name": "户口迁入登记（投靠、购房落户）",
        "category": "residence",
        "keywords": "落户 迁户口 户口迁移",
        "summary": (
            "夫妻投靠、子女投靠父母、父母投靠子女，或在本地购买住房的人员，"
            "可以申请户口迁入。本中心公安服务窗口受理，派出所审批。"
        ),
        "eligibility": "符合本市户口迁移政策的投靠人员和购房人员。",
        "materials": (
            "申请人居民身份证、居民户口簿\n被投靠人居民户口簿、身份证\n关系证明（结婚证、"
            "出生医学证明等）\n购房落户的，提供不动产权证书\n合法稳定住所证明"
        ),
        "steps": (
            "窗口咨询并领取《户口迁移申请表》\n提交材料，窗口初审\n派出所审核，"
            "符合条件的出具准予迁入证明\n办理迁入登记，领取新户口簿"
        ),
        "time_limit": "材料齐全的，10个工作日内办结",
        "fee": "不收费（户口簿工本费按规定收取）",
        "is_one_visit": False,
        "is_online": True,
        "online_hint": "“湘易办”App — 户口迁移“跨省通办”",
        "basis": "《中华人民共和国户口登记条例》",
        "where": "centre",
    },
    {
        "code": "shenfenzheng",
        "name": "居民身份证换领、补领",
        "category": "residence",
        "keywords": "身份证 补办 换证 过期",
        "summary": (
            "居民身份证有效期满、损坏、丢失或登记项目变更的，可到本中心公安服务窗口申请换领、补领。"
        ),
        "eligibility": "本市户籍居民；异地居民可按“跨省通办”办理。",
        "materials": "居民户口簿（补领时）\n原居民身份证（换领时）\n现场采集人像和指纹",
        "steps": "窗口取号，核验身份\n现场拍照、采集指纹\n缴纳工本费\n选择到窗口领取或邮寄到家",
        "time_limit": "受理后20个工作日内制发",
        "fee": "换领20元；丢失补领40元",
        "is_one_visit": True,
        "is_online": False,
        "online_hint": "",
        "basis": "《中华人民共和国居民身份证法》",
        "where": "centre",
    },
    {
        "code": "dibao",
        "name": "最低生活保障申请",
        "category": "assistance",
        "keywords": "低保 最低生活保障 困难家庭",
        "summary": (
            "共同生活的家庭成员人均收入低于当地最低生活保障标准，且家庭财产状况符合规定的，"
            "可以申请最低生活保障。"
        ),
        "eligibility": "持有本地户籍、家庭人均收入低于当地低保标准、家庭财产符合规定条件的家庭。",
        "materials": (
            "居民户口簿、家庭成员身份证\n《最低生活保障申请书》（可在窗口填写）\n"
            "家庭成员收入情况说明\n家庭经济状况核对授权书（家庭成员签字）\n残疾证、"
            "病历等证明材料（如有）"
        ),
        "steps": (
            "向村（社区）提出申请，或由村代办员代为提交\n街道受理并组织入户调查、"
            "家庭经济状况核对\n村（社区）民主评议，结果公示7天\n街道审核确认，发放低保金"
        ),
        "time_limit": "自受理之日起30个工作日内作出决定（特殊情况可延长至45个工作日）",
        "fee": "不收费",
        "is_one_visit": False,
        "is_online": True,
        "online_hint": "“湘易办”App — 社会救助一件事（网上申请）",
        "basis": "《社会救助暂行办法》；《最低生活保障审核确认办法》",
        "where": "all",
    },
    {
        "code": "tekun",
        "name": "特困人员救助供养申请",
        "category": "assistance",
        "keywords": "特困 五保 供养",
        "summary": (
            "无劳动能力、无生活来源、无法定赡养抚养扶养义务人（或其无能力）的老年人、"
            "残疾人和未成年人，可以申请特困人员救助供养。"
        ),
        "eligibility": "同时符合“三无”条件的老年人、残疾人以及未满18周岁的未成年人。",
        "materials": (
            "居民户口簿、身份证\n《特困人员救助供养申请书》\n残疾证或医疗诊断证明（如有）\n"
            "法定义务人无能力的相关证明"
        ),
        "steps": (
            "本人或村（社区）代为提出申请\n街道调查核实，村（社区）公示\n街道审核确认\n"
            "选择分散供养或集中供养"
        ),
        "time_limit": "自受理之日起20个工作日内作出决定",
        "fee": "不收费",
        "is_one_visit": False,
        "is_online": False,
        "online_hint": "",
        "basis": "《社会救助暂行办法》；《特困人员认定办法》",
        "where": "all",
    },
    {
        "code": "linshi-jiuzhu",
        "name": "临时救助申请",
        "category": "assistance",
        "keywords": "临时救助 急难 救急",
        "summary": (
            "因火灾、交通事故、突发重大疾病等意外事件，"
            "导致基本生活暂时出现严重困难的家庭或个人，可以申请临时救助。情况紧急的，"
            "先行救助、后补手续。"
        ),
        "eligibility": "遭遇急难事项、基本生活暂时出现严重困难的家庭或个人。",
        "materials": (
            "居民身份证、户口簿\n《临时救助申请书》\n困难原因的证明（住院发票、事故认定书等）"
        ),
        "steps": (
            "向村（社区）或街道提出申请\n街道调查核实\n急难型救助当场或24小时内实施\n"
            "支出型救助审核后发放救助金"
        ),
        "time_limit": "急难型即时办理；支出型10个工作日内办结",
        "fee": "不收费",
        "is_one_visit": True,
        "is_online": False,
        "online_hint": "",
        "basis": "《社会救助暂行办法》；《国务院关于全面建立临时救助制度的通知》",
        "where": "all",
    },
    {
        "code": "yiliao-jiuzhu",
        "name": "医疗救助申请",
        "category": "assistance",
        "keywords": "大病救助 医疗救助 看病难",
        "summary": (
            "低保对象、特困人员、低保边缘家庭成员和因病致贫重病患者，经基本医疗保险、"
            "大病保险报销后，个人负担仍然较重的，可以申请医疗救助。"
        ),
        "eligibility": "低保对象、特困人员、低保边缘家庭成员、因病致贫重病患者等。",
        "materials": (
            "居民身份证、户口簿\n《医疗救助申请审批表》\n住院发票、费用清单和医保结算单\n"
            "出院小结或诊断证明"
        ),
        "steps": (
            "在村（社区）或中心窗口提交申请\n街道初审\n区医保、民政部门审批\n救助资金打入申请人账户"
        ),
        "time_limit": "20个工作日内办结",
        "fee": "不收费",
        "is_one_visit": True,
        "is_online": False,
        "online_hint": "",
        "basis": "《国务院办公厅关于健全重特大疾病医疗保险和救助制度的意见》",
        "where": "all",
    },
    {
        "code": "yibao-canbao",
        "name": "城乡居民基本医疗保险参保登记",
        "category": "social_security",
        "keywords": "医保 参保 居民医保 新农合",
        "summary": (
            "未参加职工医保的城乡居民（含学生、儿童、灵活就业人员）"
            "可参加城乡居民基本医疗保险，每年集中缴费期内缴纳下一年度费用。"
        ),
        "eligibility": "本地户籍或持本地居住证、未参加职工基本医疗保险的城乡居民。",
        "materials": (
            "居民身份证或户口簿（新生儿提供出生医学证明）\n居住证（非本地户籍的）\n低保、"
            "特困、残疾等资助参保身份证明（如有）"
        ),
        "steps": (
            "在社区服务站或中心窗口登记参保信息\n通过税务渠道缴费（窗口、微信、银行均可）\n"
            "缴费次年1月1日起享受待遇"
        ),
        "time_limit": "即时办结",
        "fee": "个人缴费按当年标准（困难群体由财政资助）",
        "is_one_visit": True,
        "is_online": True,
        "online_hint": "“国家医保服务平台”App；微信“湖南税务”缴费",
        "basis": "《中华人民共和国社会保险法》；《国务院关于整合城乡居民基本医疗保险制度的意见》",
        "where": "all",
    },
    {
        "code": "yanglao-canbao",
        "name": "城乡居民基本养老保险参保登记",
        "category": "social_security",
        "keywords": "养老保险 居民养老 新农保",
        "summary": (
            "年满16周岁（不含在校学生）、未参加职工养老保险的城乡居民，"
            "可以在户籍地参加城乡居民基本养老保险，按年选择档次缴费。"
        ),
        "eligibility": "年满16周岁、非在校学生、未参加职工基本养老保险的本地户籍居民。",
        "materials": (
            "居民身份证或户口簿\n社会保障卡（或银行卡）\n《城乡居民基本养老保险参保登记表》"
            "（窗口填写）"
        ),
        "steps": "村（社区）服务站或中心窗口登记\n选择缴费档次\n按年缴费（可代扣）",
        "time_limit": "即时办结",
        "fee": "按本人选择的缴费档次缴纳",
        "is_one_visit": True,
        "is_online": True,
        "online_hint": "电子社保卡（支付宝、微信）— 城乡居民养老保险参保登记",
        "basis": (
            "《中华人民共和国社会保险法》；《国务院关于建立统一的城乡居民基本养老保险制度的意见》"
        ),
        "where": "all",
    },
    {
        "code": "yanglao-daiyu",
        "name": "城乡居民养老保险待遇领取申请",
        "category": "social_security",
        "keywords": "领养老金 退休 养老金",
        "summary": (
            "参保人年满60周岁、累计缴费满15年（或符合衔接条件）的，"
            "可以申请按月领取城乡居民养老保险待遇。"
        ),
        "eligibility": "年满60周岁、符合缴费年限要求、未领取其他基本养老保障待遇的参保人。",
        "materials": "居民身份证\n社会保障卡\n《城乡居民基本养老保险待遇领取申请表》",
        "steps": (
            "年满60周岁前一个月向村（社区）或中心提出申请\n窗口核定待遇\n次月起按月发放到社会保障卡"
        ),
        "time_limit": "5个工作日内办结",
        "fee": "不收费",
        "is_one_visit": True,
        "is_online": True,
        "online_hint": "电子社保卡 — 待遇领取资格认证",
        "basis": "《国务院关于建立统一的城乡居民基本养老保险制度的意见》",
        "where": "all",
    },
    {
        "code": "shebaoka",
        "name": "社会保障卡申领、补换",
        "category": "social_security",
        "keywords": "社保卡 补卡 挂失",
        "summary": (
            "参加社会保险的人员可以申领社会保障卡；卡片损坏、遗失的可以挂失补换。"
            "即时制卡网点可当场领卡。"
        ),
        "eligibility": "已参加社会保险的人员。",
        "materials": "居民身份证\n近期免冠照片（可现场拍摄）\n原社会保障卡（换卡时）",
        "steps": "窗口申请或先电话/App挂失\n现场拍照、核验信息\n即时制卡或按回执领卡",
        "time_limit": "即时制卡当场领取；非即时网点20个工作日",
        "fee": "首次申领不收费；补换按标准收取工本费",
        "is_one_visit": True,
        "is_online": True,
        "online_hint": "电子社保卡、12333 — 挂失与申领",
        "basis": "《社会保障卡管理办法》",
        "where": "centre",
    },
    {
        "code": "yibao-baoxiao",
        "name": "医疗费用零星报销（手工报销）",
        "category": "social_security",
        "keywords": "报销 医药费 异地就医",
        "summary": (
            "因急诊、异地就医未能直接结算等原因，自行垫付医疗费用的参保人员，可以申请零星报销。"
        ),
        "eligibility": "城乡居民医保或职工医保的参保人员。",
        "materials": (
            "社会保障卡或身份证\n医疗费用发票原件\n费用明细清单\n出院记录或门诊病历\n本人银行卡"
        ),
        "steps": "在社区服务站或中心窗口提交材料\n医保经办机构审核\n报销款打入本人账户",
        "time_limit": "材料齐全的，20个工作日内到账",
        "fee": "不收费",
        "is_one_visit": True,
        "is_online": True,
        "online_hint": "“国家医保服务平台”App — 异地就医备案",
        "basis": "《医疗保障基金使用监督管理条例》",
        "where": "all",
    },
    {
        "code": "laonianzheng",
        "name": "老年人优待证（老年证）办理",
        "category": "elderly_disabled",
        "keywords": "老年证 敬老卡 优待证 乘车",
        "summary": "年满60周岁的老年人可以办理老年人优待证，凭证享受公园、景区、公共交通等优待。",
        "eligibility": "年满60周岁的本地户籍老年人及常住老年人。",
        "materials": "居民身份证或户口簿\n近期一寸免冠照片1张（或现场拍照）",
        "steps": "在社区服务站或中心窗口申请，可请代办员代办\n窗口核对信息\n当场或按约定时间领证",
        "time_limit": "即时办结（需制卡的5个工作日）",
        "fee": "不收费",
        "is_one_visit": True,
        "is_online": True,
        "online_hint": "“湘易办”App — 老年人优待证申领",
        "basis": "《中华人民共和国老年人权益保障法》",
        "where": "all",
    },
    {
        "code": "gaoling-jintie",
        "name": "高龄津贴申请",
        "category": "elderly_disabled",
        "keywords": "高龄补贴 长寿补贴 80岁",
        "summary": "年满80周岁的本地户籍老年人，可以申请高龄津贴，按月发放到本人账户。",
        "eligibility": "年满80周岁、本地户籍的老年人。",
        "materials": "居民身份证、户口簿\n本人社会保障卡或银行卡\n《高龄津贴申请表》（窗口填写）",
        "steps": "本人、家属或村代办员向村（社区）提出申请\n街道审核\n区民政部门审批，次月起发放",
        "time_limit": "15个工作日内办结",
        "fee": "不收费",
        "is_one_visit": True,
        "is_online": False,
        "online_hint": "",
        "basis": "《中华人民共和国老年人权益保障法》；本省高龄津贴实施办法",
        "where": "all",
    },
    {
        "code": "canjizheng",
        "name": "残疾人证办理（新办、换证）",
        "category": "elderly_disabled",
        "keywords": "残疾证 残联 评残",
        "summary": "符合残疾标准的人员，可以申请办理第三代智能化残疾人证，凭证享受相关补贴和优惠。",
        "eligibility": "视力、听力、言语、肢体、智力、精神等残疾符合国家评定标准的人员。",
        "materials": "居民身份证或户口簿\n近期二寸免冠白底彩色照片3张\n相关病历资料",
        "steps": (
            "向社区服务站、村代办员或中心窗口提出申请\n到指定医院进行残疾评定\n区残联审核\n"
            "到受理窗口领取残疾人证"
        ),
        "time_limit": "评定结果出具后15个工作日内发证",
        "fee": "不收费",
        "is_one_visit": False,
        "is_online": True,
        "online_hint": "“全国残疾人服务”App — 残疾人证新办申请",
        "basis": "《中华人民共和国残疾人保障法》；《中华人民共和国残疾人证管理办法》",
        "where": "all",
    },
    {
        "code": "canji-butie",
        "name": "困难残疾人生活补贴和重度残疾人护理补贴",
        "category": "elderly_disabled",
        "keywords": "两项补贴 残疾补贴 护理补贴",
        "summary": (
            "低保家庭中的残疾人可以申请生活补贴；残疾等级为一、二级的重度残疾人可以申请护理补贴。"
        ),
        "eligibility": "持第三代残疾人证的低保家庭残疾人、一二级重度残疾人。",
        "materials": "残疾人证\n居民身份证、户口簿\n低保证（申请生活补贴的）\n本人银行卡",
        "steps": "向村（社区）或中心窗口提出申请\n街道审核\n区残联、民政审定\n按月发放",
        "time_limit": "20个工作日内办结",
        "fee": "不收费",
        "is_one_visit": True,
        "is_online": True,
        "online_hint": "“湘易办”App — 残疾人两项补贴申请",
        "basis": "《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》",
        "where": "all",
    },
    {
        "code": "shengyu-dengji",
        "name": "生育登记服务",
        "category": "health",
        "keywords": "生育登记 准生证 生育服务证 生孩子",
        "summary": (
            "对生育第一、二、三个子女的家庭实行生育登记服务，登记后可在孕产期保健、"
            "生育保险待遇等方面享受服务。"
        ),
        "eligibility": "夫妻一方户籍在本地或在本地居住的家庭。",
        "materials": "夫妻双方居民身份证\n结婚证（未婚的按政策提供相关说明）",
        "steps": "线上登记或到社区服务站、中心窗口登记\n工作人员核对信息\n当场出具生育登记回执",
        "time_limit": "即时办结",
        "fee": "不收费",
        "is_one_visit": True,
        "is_online": True,
        "online_hint": "“湘易办”App — 生育登记（全程网办）",
        "basis": "《中华人民共和国人口与计划生育法》",
        "where": "all",
    },
    {
        "code": "tebie-fuzhu",
        "name": "计划生育家庭特别扶助金申请",
        "category": "health",
        "keywords": "失独 特扶 独生子女伤残",
        "summary": (
            "独生子女死亡或伤残、未再生育或收养子女的夫妻，女方年满49周岁的，"
            "可以申请计划生育家庭特别扶助金。"
        ),
        "eligibility": "符合国家计划生育家庭特别扶助制度条件的夫妻。",
        "materials": (
            "夫妻双方身份证、户口簿、结婚证\n独生子女死亡证明或残疾人证\n独生子女父母光荣证（如有）"
        ),
        "steps": (
            "本人向村（社区）提出申请\n村（社区）初审并公示\n街道审核\n区卫生健康部门审批，按月发放"
        ),
        "time_limit": "每年集中申报，审批后按月发放",
        "fee": "不收费",
        "is_one_visit": False,
        "is_online": False,
        "online_hint": "",
        "basis": "《全国独生子女伤残死亡家庭扶助制度试点方案》",
        "where": "all",
    },
    {
        "code": "jiating-yisheng",
        "name": "家庭医生签约服务",
        "category": "health",
        "keywords": "家庭医生 签约 慢病 体检",
        "summary": (
            "居民可以与社区卫生服务中心（村卫生室）的家庭医生团队签约，享受健康管理、"
            "慢病随访、老年人免费体检等服务。"
        ),
        "eligibility": "辖区常住居民，重点为老年人、孕产妇、儿童、慢性病患者和残疾人。",
        "materials": "居民身份证或社会保障卡",
        "steps": "在服务站或卫生服务中心选择家庭医生团队\n签订服务协议\n按约定接受健康服务",
        "time_limit": "即时办结",
        "fee": "基本服务包不收费",
        "is_one_visit": True,
        "is_online": True,
        "online_hint": "微信公众号“健康长沙” — 家庭医生签约",
        "basis": "《关于推进家庭医生签约服务的指导意见》",
        "where": "all",
    },
    {
        "code": "jiuye-dengji",
        "name": "就业登记和失业登记",
        "category": "employment",
        "keywords": "失业登记 就业登记 找工作 就业失业登记证",
        "summary": (
            "劳动年龄内、有劳动能力、有就业要求、处于无业状态的人员可以办理失业登记，"
            "享受职业介绍、职业培训和就业政策；就业后办理就业登记。"
        ),
        "eligibility": "法定劳动年龄内的城乡劳动者。",
        "materials": "居民身份证\n社会保障卡\n解除或终止劳动合同证明（办理失业登记的）",
        "steps": "社区服务站或中心窗口登记\n填写《就业创业登记表》\n窗口录入系统，提供就业服务",
        "time_limit": "即时办结",
        "fee": "不收费",
        "is_one_visit": True,
        "is_online": True,
        "online_hint": "电子社保卡 — 就业创业证申领、失业登记",
        "basis": "《就业服务与就业管理规定》",
        "where": "all",
    },
    {
        "code": "jiuye-kunnan",
        "name": "就业困难人员认定",
        "category": "employment",
        "keywords": "就业困难 4050 援助",
        "summary": (
            "女满40周岁、男满50周岁的失业人员，以及残疾人、低保家庭成员、"
            "连续失业一年以上等人员，可以申请就业困难人员认定，享受就业援助和社保补贴。"
        ),
        "eligibility": "已办理失业登记、符合就业困难人员认定条件的人员。",
        "materials": "居民身份证\n就业创业证\n困难类型证明（残疾人证、低保证等）",
        "steps": "社区服务站受理初审\n街道审核\n区人社部门认定并公示",
        "time_limit": "15个工作日内办结",
        "fee": "不收费",
        "is_one_visit": True,
        "is_online": False,
        "online_hint": "",
        "basis": "《中华人民共和国就业促进法》",
        "where": "all",
    },
    {
        "code": "chuangye-daikuan",
        "name": "创业担保贷款申请",
        "category": "employment",
        "keywords": "创业贷款 贴息 小额贷款",
        "summary": "符合条件的创业人员可以申请个人最高30万元的创业担保贷款，按规定享受财政贴息。",
        "eligibility": "城镇登记失业人员、就业困难人员、退役军人、返乡创业农民工、高校毕业生等。",
        "materials": "居民身份证、户口簿\n营业执照\n创业项目计划书\n婚姻状况证明\n经营场所证明",
        "steps": "向中心窗口提交申请\n人社部门资格审核\n担保机构和银行调查审批\n签订合同、发放贷款",
        "time_limit": "资格审核5个工作日；放款按经办银行时限",
        "fee": "不收取担保费",
        "is_one_visit": False,
        "is_online": True,
        "online_hint": "“湘易办”App — 创业担保贷款申请",
        "basis": "《关于进一步做好创业担保贷款财政贴息工作的通知》",
        "where": "centre",
    },
    {
        "code": "linghuo-butie",
        "name": "灵活就业人员社会保险补贴",
        "category": "employment",
        "keywords": "社保补贴 灵活就业",
        "summary": (
            "就业困难人员和离校2年内未就业的高校毕业生实现灵活就业并缴纳社会保险费的，"
            "可以申请社会保险补贴。"
        ),
        "eligibility": "已认定的就业困难人员、离校2年内未就业高校毕业生中的灵活就业人员。",
        "materials": "居民身份证\n就业创业证\n灵活就业情况说明\n社会保险缴费凭证",
        "steps": "社区服务站受理\n街道初审、公示\n区人社部门审核，补贴发放到本人账户",
        "time_limit": "按季度（或半年）集中申报，30个工作日内发放",
        "fee": "不收费",
        "is_one_visit": True,
        "is_online": False,
        "online_hint": "",
        "basis": "《就业补助资金管理办法》",
        "where": "all",
    },
    {
        "code": "zuzhi-guanxi",
        "name": "党员组织关系转接",
        "category": "party",
        "keywords": "组织关系 转党关系 党员 介绍信",
        "summary": (
            "党员因工作调动、升学、迁居等原因需要转移组织关系的，通过全国党员管理信息系统办理转接。"
        ),
        "eligibility": "中共正式党员和预备党员。",
        "materials": "党员本人身份证\n转入党组织的名称（转出时）\n组织关系介绍信回执（纸质转接的）",
        "steps": (
            "向所在党支部提出申请\n街道党（工）委在系统中发起或接收转接\n转入党支部接收，"
            "党员编入支部"
        ),
        "time_limit": "系统内转接一般3个工作日内完成",
        "fee": "不收费",
        "is_one_visit": True,
        "is_online": True,
        "online_hint": "全国党员管理信息系统（由党组织办理）",
        "basis": "《中国共产党党员教育管理工作条例》",
        "where": "all",
    },
    {
        "code": "kunnan-dangyuan",
        "name": "生活困难党员帮扶申请",
        "category": "party",
        "keywords": "困难党员 老党员 慰问",
        "summary": "因病、因灾或年老体弱导致生活困难的党员，可以向所在党组织申请帮扶慰问。",
        "eligibility": "生活困难的党员，特别是老党员、老干部、老模范。",
        "materials": "党员本人身份证\n困难情况说明\n病历或相关证明（如有）",
        "steps": "本人或党小组长向支部提出\n支部核实并提出意见\n街道党（工）委审核，发放帮扶金",
        "time_limit": "15个工作日内办结",
        "fee": "不收费",
        "is_one_visit": True,
        "is_online": False,
        "online_hint": "",
        "basis": "《中国共产党党内关怀帮扶办法》",
        "where": "all",
    },
    {
        "code": "tuiyi-youdaizheng",
        "name": "退役军人优待证申领",
        "category": "other",
        "keywords": "退役军人 优待证 军人",
        "summary": "退役军人、其他优抚对象可以申领优待证，凭证享受交通、文化、医疗等方面的优待。",
        "eligibility": "在本地退役军人服务站建档的退役军人和其他优抚对象。",
        "materials": "居民身份证\n退役证件（退伍证、转业证等）\n近期免冠照片",
        "steps": (
            "在村（社区）退役军人服务站或中心提交申请\n街道退役军人服务站审核\n"
            "区退役军人事务局制证，通知领取"
        ),
        "time_limit": "30个工作日内发证",
        "fee": "不收费",
        "is_one_visit": True,
        "is_online": True,
        "online_hint": "“退役军人之家”小程序 — 优待证申领",
        "basis": "《中华人民共和国退役军人保障法》",
        "where": "all",
    },
    {
        "code": "xuesheng-zizhu",
        "name": "困难家庭学生资助申请",
        "category": "other",
        "keywords": "助学金 学生资助 困难学生",
        "summary": "低保、特困、残疾等困难家庭的在校学生，可以申请国家助学金、免学费和生活补助。",
        "eligibility": "困难家庭在校学生（学前教育至高等教育）。",
        "materials": "学生身份证或户口簿\n学生证或在读证明\n低保证、特困证、残疾人证等困难证明",
        "steps": "在村（社区）开具家庭情况证明\n向就读学校提出申请\n学校评审公示后发放",
        "time_limit": "按学校学期申请时间",
        "fee": "不收费",
        "is_one_visit": True,
        "is_online": False,
        "online_hint": "",
        "basis": "《学生资助资金管理办法》",
        "where": "all",
    },
]
