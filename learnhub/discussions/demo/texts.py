"""The words of the demo's meetings: titles, agendas (marked 示例), minutes, posts and 心得,
by kind and month. Plain data, so the history module stays about the order of events."""

from __future__ import annotations

SAMPLE_NOTE = "> 示例：演示数据中的议程，仅供参考。\n\n"

# 主题党日 themes by calendar month (a fixed day each month).
THEME_DAYS = {
    1: "新年新气象，岗位建新功", 2: "学习党章，重温入党初心", 3: "学雷锋志愿服务进社区",
    4: "清明祭英烈，传承红色基因", 5: "劳动创造幸福，党员争当先锋", 6: "安全生产月，党员示范岗",
    7: "庆祝建党节，重温入党誓词", 8: "走访慰问困难职工和退役军人", 9: "廉洁从业警示教育",
    10: "国庆主题教育：讲好企业发展故事", 11: "节能降耗，党员献一策", 12: "宪法宣传日学法用法",
}
# 支部党员大会 and 党课 by quarter (1–4).
BRANCH_MEETINGS = {
    1: "审议支部年度工作计划", 2: "讨论预备党员转正和入党积极分子培养",
    3: "通报上半年工作，部署下半年任务", 4: "民主评议党员工作安排",
}
LECTURES = {
    1: "书记讲党课：把党的领导融入公司治理", 2: "党课：严守党的纪律，做到知敬畏、存戒惧",
    3: "党课：党员的权利和义务", 4: "党课：基层党组织如何发挥战斗堡垒作用",
}
SEMINARS = {
    1: ("党纪学习教育专题研讨", "学纪、知纪、明纪、守纪"),
    2: ("加强国有企业党的建设专题研讨", "以高质量党建引领企业高质量发展"),
}
# Sample courses a meeting's preparation reading may point at (when they were synced).
READINGS = {
    "party_lecture": "party-leadership-soe-governance",
    "seminar": "party-discipline-study",
    "life_meeting": "organisational-life-meeting",
    "branch_meeting": "party-constitution-rights-duties",
    "theme_day": "grassroots-party-building",
}

AGENDAS = {
    "committee_meeting": ("传达学习上级党组织会议和文件精神", "研究本月党建和生产经营重点工作",
                          "讨论党员教育管理和党费收缴情况", "确定下月主题党日安排"),
    "group_meeting": ("学习近期重要文件", "交流本组党员思想和工作情况", "安排党小组近期活动"),
    "branch_meeting": ("集体学习", "审议或讨论议题", "党员发言", "书记总结部署"),
    "party_lecture": ("书记或委员讲党课", "党员交流学习体会", "布置会后自学内容"),
    "theme_day": ("集中学习", "主题实践活动", "交纳党费", "交流心得"),
    "seminar": ("重点发言", "交流研讨", "形成研讨成果"),
    "life_meeting": ("通报上年度组织生活会问题整改情况", "支部委员会对照检查",
                     "党员开展批评和自我批评", "民主评议党员"),
}
DECISIONS = {
    "committee_meeting": ("同意本月党建工作安排，由组织委员牵头落实。",
                          "按时收缴党费，月底前完成核对。"),
    "group_meeting": ("本组党员每周自学不少于两小时。",),
    "branch_meeting": ("与会党员一致同意会议审议事项。", "各党员结合岗位制定本季度学习计划。"),
    "party_lecture": ("党员在一周内于讨论区提交学习体会。",),
    "theme_day": ("把主题活动与岗位工作结合，形成活动记录报党总支。",),
    "seminar": ("形成研讨成果，报党总支备案。", "整改事项明确责任人和完成时限。"),
    "life_meeting": ("对照检查问题形成整改清单，逐项销号。", "民主评议结果报党总支。"),
}
ACTION_ITEMS = ("整理会议材料并归档", "督促未到会党员补学会议内容", "落实整改事项并报告进展",
                "更新支部党员学习台账", "准备下次会议学习材料")
POSTS = (
    "会前读了推荐材料，想请教大家：学习内容怎样和班组的日常工作结合起来？",
    "今天的学习很有收获，特别是关于岗位责任的部分，回去就在班组里传达。",
    "建议下次活动请一线党员多讲讲身边的先进事例，更有说服力。",
    "会上提到的安全隐患整改，我们班组本周已经完成自查。",
    "学习材料已经下载，有需要纸质版的同志可以找我领取。",
    "这次主题党日形式很好，希望以后多组织实践类活动。",
)
REPLIES = ("同意，我们车间也是这样做的。", "谢谢分享，已记下。", "这个建议很好，下次支委会讨论。")
REFLECTIONS = (
    "通过这次专题研讨，我对纪律和规矩有了更深的认识。作为一名基层党员，首先要把学习党章党规"
    "作为日常功课，做到心中有戒、行有所止；其次要把纪律要求落实到岗位上，严格执行操作规程和"
    "各项制度，不打折扣、不搞变通；再次要敢于较真碰硬，发现问题及时提醒、及时报告。今后我将"
    "结合本职工作，带头遵守纪律，带动身边同事共同进步。",
    "参加研讨后，我认识到党建工作和生产经营不是两张皮。我们班组过去学习多、转化少，今后要把"
    "学习成果落到降本增效和安全生产上：每月组织一次岗位练兵，每季度开展一次隐患排查，党员带头"
    "承担急难险重任务。我也要加强自身学习，提高业务能力，在岗位上发挥先锋模范作用，用实实在在"
    "的业绩检验学习成效。",
    "这次研讨让我看到了自己的差距：理论学习不够系统，联系实际不够紧密，有时满足于完成任务。"
    "下一步我准备制定个人学习计划，每周固定时间自学，认真做好笔记；在工作中主动对标先进，遇到"
    "难题多向老党员请教；同时积极参与支部活动，把学到的东西讲给同事听，做到学有所思、思有所悟、"
    "悟有所行。",
)
LEAVE_REASONS = ("外出参加专业培训。", "当天值班，无法离岗。", "因病就医。", "出差在外地项目现场。",
                 "家中有事需要处理。")
CANCEL_REASONS = ("生产任务紧张，本次会议取消，内容并入下次会议。", "书记外出学习，会议未能召开。",
                  "迎检工作冲突，会议取消。")


def agenda(kind_code: str, topic: str) -> str:
    """The Markdown agenda: the sample note, the topic, then the kind's usual items."""
    items = "\n".join(f"{n}. {item}" for n, item in enumerate(AGENDAS[kind_code], start=1))
    return f"{SAMPLE_NOTE}**主题：{topic}**\n\n{items}\n"


def topics(kind_code: str, topic: str) -> str:
    items = "\n".join(f"- {item}" for item in AGENDAS[kind_code])
    return f"围绕“{topic}”，会议进行了以下议程：\n\n{items}\n"


def decisions(kind_code: str) -> str:
    return "\n".join(f"{n}. {text}" for n, text in enumerate(DECISIONS[kind_code], start=1))
