"""Checking a roster's rows: every bad cell is reported, in one pass, as (row, column, message).

Rows are checked against the units loaded once (a dict by unit_code_key), never a query per
row. A row carries its unit's code as stored, whatever case the file wrote it in.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from email_validator import EmailNotValidError, validate_email

from learnhub.core.messages import N_
from learnhub.org.employee_no import employee_no_problem
from learnhub.org.importing.parse import (
    HEADERS,
    ImportProblem,
    Table,
    cell_code,
    cell_date,
    cell_number_text,
    cell_problem,
    cell_text,
)
from learnhub.org.models import Member, PartyPost, PoliticalStatus, Unit, unit_code_key

EARLIEST_JOIN_DATE = date(1921, 7, 1)  # the founding of the CPC

_P = PoliticalStatus
POLITICAL_STATUS_ALIASES: dict[str, PoliticalStatus] = {
    **{status.value: status for status in PoliticalStatus},
    "中国共产党党员": _P.MEMBER, "共产党员": _P.MEMBER, "党员": _P.MEMBER,
    "中国共产党预备党员": _P.PROBATIONARY, "预备党员": _P.PROBATIONARY,
    "中国共产主义青年团团员": _P.LEAGUE, "团员": _P.LEAGUE,
    "无党派人士": _P.NONPARTISAN, "无党派": _P.NONPARTISAN,
    "普通居民": _P.MASSES,
    # The democratic parties' full names and the short forms rosters also use.
    "民革会员": _P.REVOLUTIONARY_COMMITTEE, "中国国民党革命委员会会员": _P.REVOLUTIONARY_COMMITTEE,
    "中国民主同盟盟员": _P.DEMOCRATIC_LEAGUE, "中国民主建国会会员": _P.NATIONAL_CONSTRUCTION,
    "中国民主促进会会员": _P.PROMOTING_DEMOCRACY, "中国农工民主党党员": _P.PEASANTS_AND_WORKERS,
    "中国致公党党员": _P.ZHI_GONG, "台湾民主自治同盟盟员": _P.TAIWAN_LEAGUE,
}
# 党内职务 as rosters write it: the post itself, or with its organisation in front
# (党支部书记, 党总支副书记) or the committee member's duty (组织委员, 纪检委员...), all stored
# as the post. "无" and "-" mean no post.
_ORGANISATIONS = ("党委", "党总支", "总支", "党支部", "支部")
PARTY_POST_ALIASES: dict[str, str] = {
    **{post.value: post.value for post in PartyPost},
    **{org + "书记": PartyPost.SECRETARY.value for org in _ORGANISATIONS},
    **{org + "副书记": PartyPost.DEPUTY_SECRETARY.value for org in _ORGANISATIONS},
    **{org + "委员": PartyPost.COMMITTEE_MEMBER.value for org in _ORGANISATIONS},
    "支委": PartyPost.COMMITTEE_MEMBER.value,
    **{duty + "委员": PartyPost.COMMITTEE_MEMBER.value
       for duty in ("组织", "宣传", "纪检", "青年", "统战", "群工", "保密")},
    "党小组长": PartyPost.GROUP_LEADER.value,
    "无": "", "-": "", "—": "", "／": "", "/": "",
}

_PHONE = re.compile(r"^[0-9+\-() ]+$")
_LENGTHS = {name: Member.__table__.c[name].type.length  # type: ignore[attr-defined]
            for name in ("employee_no", "name", "position", "cadre_level", "email", "phone")}


@dataclass(frozen=True)
class MemberRow:
    """One valid row, with values as they will be stored."""

    row: int
    employee_no: str
    name: str
    unit_code: str
    political_status: str
    position: str
    cadre_level: str
    party_post: str  # a PartyPost value or ""
    joined_party_on: date | None
    email: str
    phone: str


class _RowChecker:
    def __init__(self, table: Table, units: Mapping[str, Unit], today: date) -> None:
        self.table = table
        self.units = units
        self.today = today
        self.problems: list[ImportProblem] = []
        self.row = 0
        self.unusable: set[str] = set()  # this row's fields whose cell was refused outright

    def problem(self, field_name: str, message: str, /, **params: Any) -> None:
        if field_name in self.unusable:
            return  # already reported; what follows from an emptied cell is not news
        column = self.table.headers.get(field_name, HEADERS[field_name])
        self.problems.append(ImportProblem(self.row, column, message, params))

    def screen(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Cells too long or holding a control character are reported and read as empty."""
        screened = dict(values)
        for name, value in values.items():
            if not isinstance(value, str):
                continue
            bad = cell_problem(value, self.table.max_cell_chars)
            if bad is not None:
                self.problem(name, bad[0], **bad[1])
                self.unusable.add(name)
                screened[name] = None
        return screened

    def text(self, values: Mapping[str, Any], name: str, *, required: bool = False,
             code: bool = False) -> str:
        value = (cell_code if code else cell_text)(values.get(name))
        if required and not value:
            self.problem(name, N_("不能为空。"))
        limit = _LENGTHS.get(name)
        if limit and len(value) > limit:
            self.problem(name, N_("内容太长（最多 %(limit)s 个字符，现有 %(length)s 个）。"),
                         limit=limit, length=len(value))
        return value

    def number_text(self, values: Mapping[str, Any], name: str) -> str | None:
        """The digits as text, or None (reported) when Excel already destroyed them."""
        value, intact = cell_number_text(values.get(name))
        if not intact:
            self.problem(name, N_("%(value)s 是被 Excel 转成科学计数法的数字，原来的位数已丢失；"
                                  "请把该列设为“文本”格式后重新填写。"), value=value)
            return None
        return value

    def check(self, row: int, values: Mapping[str, Any]) -> MemberRow:
        self.row = row
        self.unusable = set()
        values = self.screen(values)
        employee_no = self.number_text(values, "employee_no")
        if employee_no is None:
            employee_no = ""
        elif not employee_no:
            self.problem("employee_no", N_("不能为空。"))
        elif (problem := employee_no_problem(employee_no)) is not None:
            self.problem("employee_no", problem[0], **problem[1])
        name = self.text(values, "name", required=True)
        unit_code = self.unit_code(values)
        status = self.political_status(values)
        position = self.text(values, "position")
        cadre_level = self.text(values, "cadre_level")
        party_post = self.party_post(values)
        joined = self.join_date(values)
        email = self.email(values)
        phone = self.phone(values)
        return MemberRow(row, employee_no, name, unit_code, status, position, cadre_level,
                         party_post, joined, email, phone)

    def unit_code(self, values: Mapping[str, Any]) -> str:
        code = self.text(values, "unit_code", required=True, code=True)
        if code:
            unit = self.units.get(unit_code_key(code))
            if unit is None:
                self.problem("unit_code", N_("组织编码 %(code)s 不存在。"), code=code)
            elif not unit.active:
                self.problem("unit_code", N_("组织 %(code)s（%(name)s）已停用。"), code=code,
                             name=unit.name)
            else:
                return unit.code
        return code

    def political_status(self, values: Mapping[str, Any]) -> str:
        written = cell_text(values.get("political_status")).replace(" ", "")
        if not written:
            self.problem("political_status", N_("不能为空。"))
            return ""
        status = POLITICAL_STATUS_ALIASES.get(written)
        if status is None:
            self.problem("political_status", N_("无法识别“%(value)s”，可填：%(allowed)s。"),
                         value=written, allowed="、".join(s.value for s in PoliticalStatus))
            return ""
        return status.value

    def party_post(self, values: Mapping[str, Any]) -> str:
        written = cell_text(values.get("party_post")).replace(" ", "")
        if not written:
            return ""
        post = PARTY_POST_ALIASES.get(written)
        if post is None:
            self.problem("party_post", N_("无法识别“%(value)s”，可填：%(allowed)s，或留空。"),
                         value=written, allowed="、".join(p.value for p in PartyPost))
            return ""
        return post

    def join_date(self, values: Mapping[str, Any]) -> date | None:
        raw = values.get("joined_party_on")
        try:
            joined = cell_date(raw)
        except ValueError:
            self.problem("joined_party_on", N_("“%(value)s”不是有效日期，请写成 2020-07-01、"
                                               "2020/7/1 或 2020年7月1日。"),
                         value=cell_text(raw))
            return None
        if joined is not None and joined > self.today:
            self.problem("joined_party_on", N_("入党日期 %(value)s 晚于今天。"),
                         value=joined.isoformat())
        elif joined is not None and joined < EARLIEST_JOIN_DATE:
            self.problem("joined_party_on", N_("入党日期 %(value)s 早于 1921 年 7 月 1 日。"),
                         value=joined.isoformat())
        return joined

    def email(self, values: Mapping[str, Any]) -> str:
        email = self.text(values, "email", code=True)
        if email:
            try:
                validate_email(email, check_deliverability=False)
            except EmailNotValidError:
                self.problem("email", N_("“%(value)s”不是有效的邮箱地址。"), value=email)
        return email

    def phone(self, values: Mapping[str, Any]) -> str:
        phone = self.number_text(values, "phone")
        if phone is None:
            return ""
        if phone and not _PHONE.match(phone):
            self.problem("phone", N_("“%(value)s”不是有效的电话号码（只能包含数字、空格和 + - ( )）。"),
                         value=phone)
        elif len(phone) > _LENGTHS["phone"]:
            self.problem("phone", N_("内容太长（最多 %(limit)s 个字符，现有 %(length)s 个）。"),
                         limit=_LENGTHS["phone"], length=len(phone))
        return phone


def check_rows(table: Table, units: Mapping[str, Unit],
               today: date) -> tuple[list[MemberRow], list[ImportProblem]]:
    """Every row checked; the problems list names every bad cell, in row then column order.
    `units` maps unit_code_key(code) to the unit."""
    checker = _RowChecker(table, units, today)
    rows: list[MemberRow] = []
    first_seen: dict[str, int] = {}
    for row_no, values in table.rows:
        member_row = checker.check(row_no, values)
        if member_row.employee_no:
            earlier = first_seen.setdefault(member_row.employee_no, row_no)
            if earlier != row_no:
                checker.row = row_no
                checker.problem("employee_no", N_("工号 %(value)s 与第 %(row)s 行重复。"),
                                value=member_row.employee_no, row=earlier)
        rows.append(member_row)
    order = {name: index for index, name in enumerate(HEADERS)}
    headers_to_field = {header: name for name, header in table.headers.items()}
    checker.problems.sort(key=lambda p: (p.row or 0, order.get(headers_to_field.get(
        p.column or "", ""), 99)))
    return rows, checker.problems
