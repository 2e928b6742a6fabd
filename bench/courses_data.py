"""200 published courses for the benchmarks, written as course files and published with
`learnhub.courses.publishing.services.sync` (the same path as `learnhub content sync`).

Deterministic (seeded per course), idempotent (skipped when the bench courses are there),
realistic Chinese text of a few thousand characters per lesson, 4 to 8 lessons per course.
Exactly the courses whose number is a multiple of 5 (40 of 200) mention 党建, so a
catalogue search for 党建 has a known answer.

    python -m bench.courses_data [--scale 100]
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

COURSES = 200
SLUG_PREFIX = "bench-"
SEED = 20261125

SUBJECTS = ("党支部", "班组", "车间", "项目部", "职能部门", "基层单位", "支部委员会", "各级管理人员",
            "一线员工", "新入职员工", "党小组", "工会小组")
TOPICS = (
    ("安全生产", "安全生产", ("安全", "风险防控")), ("质量管理", "经营管理", ("质量", "标准化")),
    ("设备维护", "职业技能", ("设备", "检修")), ("成本控制", "经营管理", ("成本", "精益管理")),
    ("合同管理", "法律法规", ("合同", "法律风险")), ("节能降耗", "经营管理", ("节能", "绿色发展")),
    ("应急处置", "安全生产", ("应急", "演练")), ("现场管理", "班组建设", ("现场", "6S")),
    ("人才培养", "组织建设", ("培训", "传帮带")), ("客户服务", "经营管理", ("服务", "沟通")),
    ("档案管理", "职业技能", ("档案", "规范")), ("信息安全", "职业技能", ("信息安全", "保密")),
    ("环境保护", "安全生产", ("环保", "绿色发展")), ("招标采购", "廉洁合规", ("采购", "合规")),
    ("财务核算", "经营管理", ("财务", "内控")), ("廉洁风险防控", "廉洁合规", ("廉洁", "风险防控")),
    ("理论学习", "理论学习", ("学习", "学习方法")), ("组织生活", "组织建设", ("组织生活", "制度")),
    ("班组建设", "班组建设", ("班组", "团队")), ("职业健康", "安全生产", ("健康", "劳动保护")),
    ("劳动纪律", "法律法规", ("纪律", "制度")), ("数字化办公", "职业技能", ("数字化", "效率")),
    ("会议管理", "组织建设", ("会议", "效率")), ("群众工作", "组织建设", ("沟通", "服务")),
    ("依法合规经营", "法律法规", ("合规", "法律风险")),
)
SUFFIXES = ("实务", "专题培训", "入门", "进阶", "案例精讲", "工作指南", "要点解读", "十问十答")
ASPECTS = ("基本要求", "常见问题与原因", "方法与步骤", "案例分析", "风险防控", "考核与评价",
           "制度建设", "实践经验", "岗位责任", "检查与整改")
SECTIONS = ("为什么要重视这项工作", "常见问题与原因", "基本要求", "工作方法", "典型做法",
            "注意事项", "案例分析", "思考与练习", "与岗位工作的结合", "检查与改进")
MEASURES = ("建立工作台账", "明确岗位责任", "开展定期检查", "组织专题培训", "完善考核办法",
            "落实整改措施", "推行标准化作业", "加强过程记录", "开展风险排查", "召开分析会",
            "编制操作手册", "设立意见箱")
RESULTS = ("问题发现得更早", "责任落实更清楚", "工作效率明显提高", "隐患整改更及时",
           "员工参与度提高", "制度执行更加规范", "投诉明显减少", "资料更加完整")
RISKS = ("交接班信息遗漏", "临时任务缺少审批", "记录补写、代签", "检查流于形式",
         "职责边界不清", "培训走过场", "整改不到位", "数据口径不一致")

SENTENCES = (
    "{subject}在{work}中要坚持问题导向，先把底数摸清，再研究具体办法。",
    "实践表明，只有{measure}，才能做到{result}。",
    "一些单位在{work}方面存在重布置、轻落实的现象，原因往往是责任没有分解到人。",
    "做好{work}，关键在于把制度要求转化为每个岗位看得见、做得到的具体动作。",
    "建议{subject}每季度对{work}情况进行一次梳理，形成问题清单、责任清单和整改清单。",
    "对于检查中发现的问题，要明确整改时限和责任人，整改完成后及时复查销号。",
    "{subject}负责人要带头学习、带头落实，在{work}中发挥示范作用。",
    "在日常工作中，可以通过{measure}的方式，把{work}的要求落到班组和个人。",
    "从近年来的情况看，{work}中的风险主要集中在交接班、检修作业和临时任务等环节。",
    "经验丰富的员工要主动传帮带，帮助新同志尽快熟悉{work}的流程和标准。",
    "开展{work}不能搞形式主义，记录要真实，数据要准确，结论要有依据。",
    "{subject}要把{work}纳入年度计划，与业务工作同部署、同检查、同考核。",
    "遇到情况复杂、涉及多个部门的问题，应当及时向上级报告，不能擅自处理。",
    "对表现突出的集体和个人，可以按照有关规定给予表扬，发挥激励作用。",
    "学习本节内容时，请结合自己的岗位，想一想哪些做法可以马上用起来。",
    "以某车间为例，他们坚持{measure}，半年之后{result}。",
    "制度再好，不执行也是一纸空文，因此要把监督检查贯穿{work}的全过程。",
    "信息化手段为{work}提供了便利，但不能代替现场检查和面对面的沟通。",
    "{subject}应当建立沟通机制，让员工的意见和建议有地方提、有人回应。",
    "对照有关法律法规和本单位制度，逐条检查{work}中的薄弱环节。",
    "很多问题并不是不知道怎么做，而是“{risk}”这样的老毛病没有真正改过来。",
    "每一次{measure}，都要留下记录，写清时间、地点、参加人员和处理结果。",
    "{work}涉及面广，既要抓住重点环节，也要照顾到容易被忽视的细节。",
    "年底总结时，不仅要看做了多少事，更要看{result}没有。",
    "新的要求出台后，{subject}应当及时组织学习，讲清楚变化在哪里、为什么变。",
    "有的同志认为{work}是专职部门的事，这种认识需要纠正，人人都有责任。",
    "发现“{risk}”一类的苗头，要早提醒、早纠正，不要等到出了问题再处理。",
    "在布置任务时，要讲清标准、时限和验收方式，避免事后扯皮。",
    "同样的问题反复出现，往往说明制度本身存在漏洞，需要从源头上完善。",
    "{subject}可以把好的经验整理成简明的做法清单，供其他单位参考借鉴。",
)
PARTY_BUILDING_SENTENCES = (
    "基层党建工作要与{work}深度融合，防止党建和业务“两张皮”。",
    "把党建工作的成效体现到{work}的实际成果上，是检验支部战斗力的重要标准。",
    "不少单位探索“党建+{work}”的做法，由党员带头攻克难题。",
    "支部可以设立党员责任区和党员示范岗，让党建工作看得见、摸得着。",
)


def slug(number: int) -> str:
    return f"{SLUG_PREFIX}{number:03d}"


def mentions_party_building(number: int) -> bool:
    return number % 5 == 0


class CourseWriter:
    """One course's files, from its own seeded random generator."""

    def __init__(self, number: int) -> None:
        self.number = number
        self.rng = random.Random(SEED * 1000 + number)
        topic, self.category, self.topic_tags = TOPICS[(number - 1) % len(TOPICS)]
        self.work = topic
        self.title = topic + SUFFIXES[(number - 1) // len(TOPICS) % len(SUFFIXES)]
        self.party = mentions_party_building(number)

    def sentence(self, party: bool = False) -> str:
        pool = PARTY_BUILDING_SENTENCES if party else SENTENCES
        rng = self.rng
        return rng.choice(pool).format(
            subject=rng.choice(SUBJECTS), work=self.work, measure=rng.choice(MEASURES),
            result=rng.choice(RESULTS), risk=rng.choice(RISKS))

    def paragraph(self, party: bool = False) -> str:
        sentences = [self.sentence() for _ in range(self.rng.randint(3, 6))]
        if party:
            sentences.insert(self.rng.randrange(len(sentences)), self.sentence(party=True))
        return "".join(sentences)

    def section(self, heading: str, party: bool) -> str:
        rng = self.rng
        parts = [f"## {heading}"]
        paragraphs = rng.randint(2, 4)
        for index in range(paragraphs):
            parts.append(self.paragraph(party=party and index == 0))
        extra = rng.random()
        if extra < 0.3:
            parts.append("\n".join(f"- {m}：{rng.choice(RESULTS)}；"
                                   for m in rng.sample(MEASURES, rng.randint(3, 5))))
        elif extra < 0.45:
            rows = [f"| {risk} | {rng.choice(SUBJECTS)} | {rng.choice(MEASURES)} |"
                    for risk in rng.sample(RISKS, 4)]
            parts.append("\n".join(["| 环节中的问题 | 责任主体 | 应对措施 |", "| --- | --- | --- |",
                                    *rows]))
        elif extra < 0.55:
            parts.append(f'!!! note "要点"\n    {self.sentence()}{self.sentence()}')
        return "\n\n".join(parts)

    def lesson(self, index: int, party: bool) -> str:
        rng = self.rng
        title = f"{self.work}的{ASPECTS[(self.number + index) % len(ASPECTS)]}"
        target = rng.randint(2500, 4500)
        body: list[str] = []
        headings = rng.sample(SECTIONS, len(SECTIONS))
        length = 0
        while length < target and headings:
            text = self.section(headings.pop(), party=party and not body)
            body.append(text)
            length += len(text)
        return (f"---\ntitle: {title}\nminutes: {rng.randint(10, 30)}\n---\n"
                + "\n\n".join(body) + "\n")

    def write(self, root: Path) -> None:
        rng = self.rng
        folder = root / slug(self.number)
        folder.mkdir(parents=True)
        count = rng.randint(4, 8)
        party_lessons = set(rng.sample(range(count), rng.randint(1, 2))) if self.party else set()
        names = [f"{index + 1:02d}-lesson.md" for index in range(count)]
        for index, name in enumerate(names):
            (folder / name).write_text(self.lesson(index, index in party_lessons), "utf-8")
        tags = list(self.topic_tags) + rng.sample(("必学", "案例", "制度", "实操", "新规"), 1)
        audience = ("audience:\n  required:\n    political_status: [中共党员, 中共预备党员]\n"
                    if self.number % 10 == 3 else "")
        summary = f"面向{rng.choice(SUBJECTS)}和相关岗位人员，讲解{self.work}的要求、方法和常见问题。"
        lessons = "".join(f"  - {name}\n" for name in names)
        intro = "\n\n".join(["## 课程简介", self.paragraph(), "## 学习目标", self.paragraph()])
        (folder / "course.md").write_text(
            f"---\ntitle: {self.title}\nsummary: {summary}\ncategory: {self.category}\n"
            f"tags: [{', '.join(tags)}]\ncredit_hours: {rng.choice(('0.5', '1', '1.5', '2'))}\n"
            f"{audience}lessons:\n{lessons}---\n{intro}\n", "utf-8")


def write_courses(root: Path, count: int = COURSES) -> None:
    for number in range(1, count + 1):
        CourseWriter(number).write(root)


def bench_course_count() -> int:
    from sqlalchemy import func, select

    from learnhub.courses.models import Course, CourseStatus
    from learnhub.extensions import db

    return db.session.scalar(select(func.count()).select_from(Course).where(
        Course.slug.startswith(SLUG_PREFIX), Course.status == CourseStatus.PUBLISHED)) or 0


def ensure_courses(app, count: int = COURSES) -> bool:
    """Publish the bench courses unless they are there; True when it published them."""
    from learnhub.courses.publishing.services import sync
    from learnhub.extensions import db

    with app.app_context():
        if bench_course_count() >= count:
            return False
        started = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="learnhub-bench-courses-") as tmp:
            write_courses(Path(tmp), count)
            report = sync(Path(tmp))
            if report.problems:
                db.session.rollback()
                raise RuntimeError("bench courses did not parse:\n" + "\n".join(
                    str(problem) for problem in report.problems[:20]))
            db.session.commit()
        print(f"published {report.count('created') + report.count('updated')} bench courses "
              f"in {time.perf_counter() - started:.1f}s", flush=True)
        return True


def main() -> None:
    import argparse

    from bench.harness import build_app

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--write-to", type=Path, help="only write the files to this folder")
    args = parser.parse_args()
    if args.write_to:
        write_courses(args.write_to)
        return
    if not ensure_courses(build_app(args.scale, courses=False)):
        print("bench courses already there")


if __name__ == "__main__":
    main()
