"""The demo's five courses (学习培训): articles, a document, video links and quiz questions."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Item:
    kind: str
    title: str
    minutes: int
    body: str = ""
    url: str = ""


@dataclass(frozen=True)
class Ask:
    text: str
    kind: str
    choices: tuple[tuple[str, bool], ...]


@dataclass(frozen=True)
class CourseSpec:
    title: str
    summary: str
    completion: str
    items: tuple[Item, ...]
    questions: tuple[Ask, ...] = field(default_factory=tuple)


DANGZHANG = CourseSpec(
    "党章学习",
    "逐条学习《中国共产党章程》总纲和党员的义务、权利，做到学章程、守规矩、当先锋。",
    "both",
    (
        Item(
            "article",
            "总纲要点",
            3,
            "<h2>为什么要学党章</h2><p>党章是党的根本大法，是全党必须共同遵守的根本行为规范。"
            "学习党章，重点把握党的性质和宗旨、党的最高理想和最终目标、党的基本路线。</p>"
            "<h3>三个要点</h3><ol><li>中国共产党是中国工人阶级的先锋队，同时是中国人民和中华民族的先锋队。</li>"
            "<li>党的最高理想和最终目标是实现共产主义。</li>"
            "<li>党除了工人阶级和最广大人民群众的利益，没有自己特殊的利益。</li></ol>"
            "<p>学习时请结合本支部联系服务群众的实际，想一想自己在“最后一公里”上还能做什么。</p>",
        ),
        Item(
            "article",
            "党员的义务和权利",
            2,
            "<h2>党员的八项义务</h2><p>认真学习、贯彻执行党的基本路线和各项方针政策；"
            "坚持党和人民的利益高于一切；自觉遵守党的纪律；密切联系群众，及时向党反映群众的意见和要求，"
            "维护群众的正当利益……</p><h2>党员的八项权利</h2><p>参加党的有关会议，阅读党的有关文件，"
            "接受党的教育和培训；在党的会议上和党报党刊上参加关于党的政策问题的讨论；行使表决权、选举权，"
            "有被选举权……</p><blockquote>按期交纳党费是党员的义务，也是党员观念的具体体现。</blockquote>",
        ),
        Item("video", "党章学习辅导视频", 3, url="https://www.12371.cn/"),
    ),
    (
        Ask(
            "党的最高理想和最终目标是什么？",
            "single",
            (("实现共产主义", True), ("全面建成小康社会", False), ("实现经济现代化", False)),
        ),
        Ask(
            "以下哪些属于党员的权利？",
            "multiple",
            (("参加党的有关会议", True), ("行使表决权、选举权", True), ("可以不交党费", False)),
        ),
        Ask(
            "党员应当密切联系群众，及时向党反映群众的意见和要求。",
            "single",
            (("正确", True), ("错误", False)),
        ),
    ),
)

ZHILI = CourseSpec(
    "基层治理条例解读",
    "解读接诉即办、四议两公开等基层治理制度，帮助党员在社区事务中带头示范。",
    "time",
    (
        Item(
            "article",
            "接诉即办：群众诉求件件有回音",
            3,
            "<h2>接诉即办的核心</h2><p>群众诉求要有人接、有人办、有回音。响应率、解决率、满意率是衡量"
            "工作成效的“三率”。</p><ul><li>首接负责：不推诿、不拖延。</li><li>按时办结：紧急诉求2小时内"
            "响应。</li><li>回访评价：未回访不得视为满意。</li></ul><p>党员要主动帮助邻里反映问题，"
            "协助网格员核实情况。</p>",
        ),
        Item(
            "article",
            "四议两公开工作法",
            2,
            "<h2>四议</h2><p>党支部会提议、村“两委”会商议、党员大会审议、村民会议或村民代表会议决议。</p>"
            "<h2>两公开</h2><p>决议公开、实施结果公开，公示时间不少于15天。</p>"
            "<p>党员大会审议时，到会党员须达到三分之二以上，党员要按时参会、认真履行审议职责。</p>",
        ),
        Item("video", "基层治理专题讲座", 2, url="https://www.xuexi.cn/"),
    ),
)

LAJI = CourseSpec(
    "垃圾分类政策",
    "学习生活垃圾分类的政策和方法，党员带头分类、带动邻里。",
    "quiz",
    (
        Item(
            "article",
            "生活垃圾“四分法”",
            2,
            '<h2>四类垃圾</h2><table><thead><tr><th scope="col">类别</th><th scope="col">例子</th>'
            "</tr></thead><tbody><tr><td>可回收物</td><td>废纸、塑料瓶、金属、旧衣物</td></tr>"
            "<tr><td>有害垃圾</td><td>废电池、废灯管、过期药品</td></tr><tr><td>厨余垃圾</td>"
            "<td>剩菜剩饭、果皮</td></tr><tr><td>其他垃圾</td><td>卫生纸、烟头、尘土</td></tr></tbody>"
            "</table><p>投放前沥干厨余垃圾水分，有害垃圾轻放，可回收物尽量干净。</p>",
        ),
        Item("video", "垃圾分类一分钟", 2, url="https://www.xuexi.cn/"),
    ),
    (
        Ask(
            "废电池属于哪一类垃圾？",
            "single",
            (("有害垃圾", True), ("可回收物", False), ("其他垃圾", False)),
        ),
        Ask(
            "以下哪些属于厨余垃圾？",
            "multiple",
            (("剩菜剩饭", True), ("果皮", True), ("卫生纸", False)),
        ),
        Ask(
            "投放厨余垃圾前应当怎么做？",
            "single",
            (("沥干水分", True), ("装进塑料瓶", False), ("和电池放在一起", False)),
        ),
    ),
)

XIAOFANG = CourseSpec(
    "消防安全",
    "楼道堆物、电动车入户充电是社区火灾的主要隐患。学习消防安全常识，党员带头清理隐患。",
    "both",
    (
        Item("document", "社区消防安全手册", 3),
        Item("video", "灭火器的使用方法", 2, url="https://www.12371.cn/"),
    ),
    (
        Ask(
            "发现火情，首先应当怎么做？",
            "single",
            (("立即拨打119报警", True), ("先收拾贵重物品", False), ("乘电梯下楼", False)),
        ),
        Ask(
            "以下哪些做法存在消防隐患？",
            "multiple",
            (("电动车在楼道充电", True), ("楼道堆放杂物", True), ("定期检查灭火器", False)),
        ),
    ),
)

ZHIYUAN = CourseSpec(
    "志愿服务规范",
    "学习志愿服务条例和志愿者守则，规范开展“微心愿”“正能量加油站”等志愿服务。",
    "time",
    (
        Item(
            "article",
            "志愿服务条例要点",
            2,
            "<h2>自愿、无偿、平等、诚信、合法</h2><p>志愿服务应当遵循自愿、无偿、平等、诚信、合法的原则，"
            "不得违背社会公德、损害社会公共利益和他人合法权益。</p><p>志愿服务组织应当如实记录志愿者的"
            "服务时间、内容和评价。</p>",
        ),
        Item(
            "article",
            "志愿者守则",
            2,
            "<ol><li>尊重服务对象，保护其个人隐私。</li><li>按约定时间到岗，不随意缺席。</li>"
            "<li>认领微心愿后7天内联系受助家庭。</li><li>服务结束后如实记录。</li></ol>",
        ),
    ),
)

COURSES = (DANGZHANG, ZHILI, LAJI, XIAOFANG, ZHIYUAN)

HANDBOOK_HTML = """<html><head><meta charset="utf-8"><style>
body { font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; font-size: 12pt; }
h1 { font-size: 18pt; }
</style></head><body><h1>社区消防安全手册</h1>
<h2>一、常见火灾隐患</h2><p>楼道堆放杂物、电动车入户或在楼道充电、私拉乱接电线、占用消防通道。</p>
<h2>二、发现火情怎么办</h2><p>立即拨打119报警，讲清地址、起火部位和燃烧物；不乘电梯，
用湿毛巾捂住口鼻，弯腰沿安全出口撤离。</p>
<h2>三、灭火器的使用</h2><p>提起灭火器，拔掉保险销，一手握住喷管对准火焰根部，另一手压下压把。</p>
<h2>四、党员责任</h2><p>党员要带头清理楼道堆物，带头不在室内为电动车充电，主动提醒邻里。</p>
</body></html>"""
