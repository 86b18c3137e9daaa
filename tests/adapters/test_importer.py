"""The Markdown/Obsidian plan importer: each plan section, field by field, and its edge cases."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pomoplan.adapters.importer import (
    ImportResult,
    ImportWarning,
    clean,
    format_days,
    import_note,
    parse_day_label,
)
from pomoplan.core.curriculum import Curriculum, Slot, parse_curriculum
from pomoplan.core.errors import InputError

NOTES = Path(__file__).parent / "fixtures" / "notes"
PLANS = sorted(
    p.name
    for p in NOTES.glob("*.md")
    if p.name not in ("empty.md", "diary.md", "prose_only.md", "weeks_without_days.md")
    and "roadmap" not in p.name  # self-paced: checked on their own below
)
UNPLACED = "not part of the plan (not a week, day, block, pomodoro item or break); ignored"


def load(name: str, **kw: str) -> ImportResult:
    return import_note((NOTES / name).read_text(encoding="utf-8"), name, **kw)


def imported(name: str) -> tuple[ImportResult, Curriculum]:
    result = load(name)
    return result, parse_curriculum(result.yaml_text, name)


def day(c: Curriculum, week: int, weekday: int) -> list[Slot]:
    plan = c.day_plan(week, weekday)
    assert plan is not None, f"week {week} weekday {weekday} is not planned"
    return list(plan.slots)


def fields(slots: list[Slot]) -> list[tuple[str, str, str, int]]:
    return [(s.block, s.title, s.track, s.pomodoros) for s in slots]


def text_of(text: str, name: str = "note.md") -> tuple[ImportResult, Curriculum]:
    result = import_note(text, name)
    return result, parse_curriculum(result.yaml_text, name)


# --- every plan ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PLANS)
def test_every_fixture_imports_to_a_valid_curriculum(name: str) -> None:
    result, c = imported(name)
    assert result.yaml_text.startswith("# yaml-language-server: $schema=")
    assert result.yaml_text.splitlines()[0].endswith("curriculum.schema.json")
    assert yaml.safe_load(result.yaml_text) == result.spec
    order = ["id", "title", "kind", "language", "description", "track", "resources", "weeks"]
    assert list(result.spec)[:4] == order[:4] and list(result.spec)[-1] == "weeks"
    assert list(result.spec) == [k for k in order if k in result.spec]
    assert result.spec["kind"] == "calendar"
    assert result.weeks == len(result.spec["weeks"]) == len(c.spec.weeks)
    slots = c.all_slots()
    assert result.slots == len(slots)
    assert result.pomodoros == sum(s.pomodoros for s in slots)
    assert result.days == sum(len(d.weekdays) for w in c.spec.weeks for d in w.days)
    assert result.warnings == sorted(result.warnings, key=lambda w: (w.line, w.column))
    lines = (NOTES / name).read_text(encoding="utf-8").splitlines()
    for w in result.warnings:
        assert 1 <= w.line <= len(lines)
        assert w.column == len(lines[w.line - 1]) - len(lines[w.line - 1].lstrip()) + 1
    for week in result.spec["weeks"]:
        assert next(iter(week)) == "title" and list(week)[-1] == "days"
        for d in week["days"]:
            assert next(iter(d)) == "days"
            for block in d.get("blocks", []):
                assert next(iter(block)) == "name" and list(block)[-1] == "slots"
                for s in block["slots"]:
                    assert next(iter(s)) == "title" and list(s)[-1] == "pomodoros"
                    assert "[[" not in s["title"] and "<font" not in s["title"]
                    assert "**" not in s["title"]


def test_chinese_is_written_as_is_in_readable_order() -> None:
    result = load("zh_spring_react.md")
    text = result.yaml_text
    assert "\\u" not in text
    assert "学习Spring的核心概念，如依赖注入和面向切面编程（AOP）。" in text
    keys = [line.split(":")[0].strip(" -") for line in text.splitlines()[2:7]]
    assert keys == ["id", "title", "kind", "language", "weeks"]
    assert "&id" not in text and "*id" not in text  # no YAML anchors, even for repeated weeks


def test_schema_line_points_beside_the_yaml_not_into_the_installed_package() -> None:
    result = import_note("**周一**：\n- 番茄1：复习\n", "n.md")
    assert (
        result.yaml_text.splitlines()[0]
        == "# yaml-language-server: $schema=./curriculum.schema.json"
    )
    assert "pomoplan schema > curriculum.schema.json" in result.yaml_text.splitlines()[1]
    assert "file:" not in result.yaml_text and "site-packages" not in result.yaml_text


def test_schema_url_can_be_given() -> None:
    result = import_note("**周一**：\n- 番茄1：复习\n", "n.md", schema_url="../schema.json")
    assert result.yaml_text.splitlines()[0] == "# yaml-language-server: $schema=../schema.json"


# --- the seed's plans, field by field ----------------------------------------------------------


def test_pomodoro_week_one_plan() -> None:
    result, c = imported("zh_pomodoro_week1.md")
    assert [w.title for w in c.spec.weeks] == [
        "第一周：基础知识回顾与深度学习入门",
        "第二周至第四周（第二周）",
        "第二周至第四周（第三周）",
        "第二周至第四周（第四周）",
    ]
    assert [d.days for d in c.spec.weeks[0].days] == ["mon-fri", "sat", "sun"]
    general = "general"
    monday = [
        ("上午", "复习Python高级特性（如装饰器、异步编程）。", general, 1),
        ("上午", "继续复习Python，专注于一个具体项目或问题。", general, 1),
        ("上午", "复习JavaScript高级特性（如Promises、async/await）。PromiseState", general, 1),
        ("上午", "复习Java并发编程和设计模式。", general, 1),
        ("下午", "学习深度学习基础，如神经网络结构。", general, 1),
        ("下午", "继续深度学习，了解反向传播算法。", general, 1),
        ("下午", "实践深度学习，尝试编写一个简单的神经网络模型。", general, 1),
    ]
    for weekday in range(5):
        assert fields(day(c, 1, weekday)) == monday  # 休息5分钟 and 长休息 are not slots
    assert fields(day(c, 1, 5)) == [("全天", "深度学习项目实践总纲。", general, 8)]
    sunday = c.day_plan(1, 6)
    assert sunday is not None and sunday.rest
    assert sunday.note == "回顾一周所学，整理笔记，规划下周学习内容。"
    assert sunday.slots == ()
    for week in (2, 3, 4):  # 每天 with its own 周六 and 周日 is mon-fri
        assert [d.days for d in c.spec.weeks[week - 1].days] == ["mon-fri", "sat", "sun"]
        assert fields(day(c, week, 0)) == [
            ("上午", "专注于多模态学习、MLLM或Go/Rust的学习。", general, 4),
            ("下午", "进行相关领域的实践项目或编程练习。", general, 4),
        ]
        assert fields(day(c, week, 5)) == [
            ("全天", "全天进行项目实践总纲，尝试解决实际问题。", general, 1)
        ]
        rest = c.day_plan(week, 6)
        assert rest is not None and rest.rest and rest.note == "休息并总结，规划下一周的学习。"
    assert len({s.id for s in c.all_slots()}) == result.slots
    assert (result.weeks, result.days, result.warnings) == (4, 28, [])
    assert result.pomodoros == 5 * 7 + 8 + 3 * (5 * 8 + 1)


def test_fnn_cnn_refinement_without_a_week_heading() -> None:
    result, c = imported("zh_fnn_cnn.md")
    assert [w.title for w in c.spec.weeks] == ["第一周"]
    assert [d.days for d in c.spec.weeks[0].days] == ["mon-fri", "sat"]
    g = "general"
    assert fields(day(c, 1, 2)) == [
        ("上午", "学习前馈神经网络（FNN）的工作原理，包括输入层、隐藏层和输出层的作用。", g, 1),
        (
            "上午",
            "通过实例学习卷积神经网络（CNN）的结构，如LeNet、AlexNet等，并了解它们在图像识别中的应用。",
            g,
            1,
        ),
        (
            "下午",
            "研究循环神经网络（RNN）和长短期记忆网络（LSTM）的区别，以及它们在序列数据处理中的优势。",
            g,
            1,
        ),
        (
            "下午",
            "安装并熟悉深度学习框架（如TensorFlow或PyTorch），学习如何创建一个简单的神经网络模型。",
            g,
            1,
        ),
        ("下午", "实践编写一个简单的神经网络模型，例如使用MNIST数据集进行手写数字识别。", g, 1),
        ("下午", "学习反向传播算法的基本原理，理解如何通过梯度下降优化网络权重。", g, 1),
    ]
    assert fields(day(c, 1, 5)) == [
        (
            "全天",
            "继续实践深度学习项目，尝试调整网络结构（如增加隐藏层）和参数（如学习率）。",
            g,
            4,
        ),
        ("全天", "阅读深度学习相关的研究论文，关注最新的研究成果和应用案例。", g, 4),
    ]
    assert c.day_plan(1, 6) is None  # the note plans no Sunday
    assert (result.weeks, result.days, result.slots, result.pomodoros) == (1, 6, 32, 38)
    assert result.warnings == []  # the opening sentence comes before the plan


def test_coursera_goodfellow_refinement() -> None:
    result, c = imported("zh_coursera_goodfellow.md")
    assert [w.title for w in c.spec.weeks] == ["第一周：深度学习入门"]
    mon = day(c, 1, 0)
    assert [s.block for s in mon] == ["上午"] * 3 + ["下午"] * 4
    assert (
        mon[1].title == "阅读《深度学习》（Goodfellow et al.）第一章，理解神经网络的前向传播过程。"
    )
    assert mon[6].title == "学习反向传播算法，理解如何计算损失函数的梯度并更新网络权重。"
    sat = day(c, 1, 5)
    assert [(s.block, s.pomodoros) for s in sat] == [("全天", 4), ("全天", 4)]  # 长休息 is no slot
    assert sat[0].title == "继续完善CNN模型，尝试不同的网络架构和超参数调整。"
    assert sat[1].title.startswith("阅读深度学习相关的研究论文，如AlexNet、VGGNet等")
    sun = c.day_plan(1, 6)
    assert sun is not None and sun.rest
    assert sun.note == "回顾一周的学习内容，整理笔记，规划下周的学习目标。"
    assert result.warnings == [ImportWarning(26, 1, result.warnings[0].message)]
    assert result.warnings[0].message.startswith(UNPLACED)
    assert "这个计划假设您已经具备" in result.warnings[0].message


def test_spring_react_week() -> None:
    result, c = imported("zh_spring_react.md")
    week = c.spec.weeks[0]
    assert week.title == "第一周：深度学习、Spring、React和Python库"
    assert [d.days for d in week.days] == ["mon-thu", "fri", "sat", "sun"]
    expected = [
        ("上午", "学习神经网络的基本结构和激活函数。", "深度学习", 1),
        ("上午", "理解反向传播算法和梯度下降。", "深度学习", 1),
        ("上午", "实践构建一个简单的神经网络模型。", "深度学习", 1),
        ("下午", "学习卷积神经网络（CNN）的工作原理。", "深度学习", 1),
        ("下午", "通过实际案例学习CNN在图像识别中的应用。", "深度学习", 1),
        ("下午", "尝试在TensorFlow中实现一个简单的CNN模型。", "深度学习", 1),
        ("全天", "学习Spring的核心概念，如依赖注入和面向切面编程（AOP）。", "Spring框架", 1),
        ("全天", "了解Spring Boot的快速应用开发。", "Spring框架", 1),
        ("全天", "实践创建一个简单的Spring Boot应用。", "Spring框架", 1),
        ("全天", "学习React的基础知识，包括组件和状态管理。", "React.js", 1),
        ("全天", "了解React Hooks和虚拟DOM。", "React.js", 1),
        ("全天", "实践构建一个简单的React应用。", "React.js", 1),
        ("全天", "学习NumPy库，了解其在数据处理中的应用。", "Python库", 1),
        ("全天", "了解Pandas库，学习数据清洗和分析。", "Python库", 1),
        ("全天", "实践使用Matplotlib和Seaborn进行数据可视化。", "Python库", 1),
    ]
    for weekday in range(4):
        assert fields(day(c, 1, weekday)) == expected
    # 周五至周日 holds one item per day, under the subject label 复习和实践项目
    track = "复习和实践项目"
    assert fields(day(c, 1, 4)) == [
        ("全天", "复习本周所学，整理笔记，确保理解所有新知识点。", track, 1)
    ]
    assert fields(day(c, 1, 5)) == [
        (
            "全天",
            "选择一个项目（如使用Spring Boot和React构建一个简单的Web应用），开始实践。",
            track,
            1,
        )
    ]
    assert fields(day(c, 1, 6)) == [
        ("全天", "继续项目实践，解决遇到的问题，完善项目功能。", track, 1)
    ]
    # the subject of a whole block is written once, on the block
    blocks = result.spec["weeks"][0]["days"][0]["blocks"]
    assert [(b["name"], b.get("track")) for b in blocks] == [
        ("上午", "深度学习"),
        ("下午", "深度学习"),
        ("全天", None),
    ]
    assert "项目实践总纲" not in result.yaml_text and "数据库概述" not in result.yaml_text
    assert (result.weeks, result.days, result.slots, result.pomodoros) == (1, 7, 63, 63)
    assert result.warnings == []


def test_month_overview_blocks_by_hours() -> None:
    result, c = imported("zh_month_overview.md")
    assert [w.title for w in c.spec.weeks] == [
        "第一周：基础知识回顾与深度学习入门",
        "第二周：多模态学习与MLLM基础",
        "第三周：Go/Rust语言学习与实践",
        "第四周：综合应用与项目实践",
    ]
    assert (
        c.spec.weeks[0].goal
        == "复习Python、JavaScript、Java的基础知识，同时开始深度学习的初步学习。"
    )
    assert fields(day(c, 1, 0)) == [
        (
            "上午",
            "复习Python、JavaScript、Java的高级特性和最佳实践。每天专注于一个语言。",
            "general",
            4,
        ),
        (
            "下午",
            "学习深度学习的基本概念，包括神经网络、反向传播和梯度下降。"
            "使用在线课程或教程，如Coursera的“Deep Learning Specialization”。",
            "general",
            4,
        ),
    ]
    assert fields(day(c, 1, 5)) == [
        (
            "全天",
            "实践深度学习项目，如使用TensorFlow或PyTorch实现一个简单的神经网络。",
            "general",
            8,
        )
    ]
    week4 = c.day_plan(4, 6)
    assert week4 is not None and week4.rest
    assert week4.note == "总结整个月的学习成果，规划未来的学习路径。"
    assert (
        day(c, 4, 0)[1].title
        == "开始一个多模态大语言模型的项目，结合深度学习、多模态学习和Go/Rust。"
    )
    assert result.warnings == []
    # the resource list after 学习资源推荐 is kept as the plan's resources
    assert result.spec["resources"][0] == {
        "title": "深度学习：Andrew Ng的Coursera课程、Ian Goodfellow的《Deep Learning》书籍。"
    }


def test_whole_seed_imports_each_plan_as_its_own_weeks() -> None:
    result, c = imported("seed_full.md")
    assert [w.title for w in c.spec.weeks] == [
        "第一周：基础知识回顾与深度学习入门",
        "第二周：多模态学习与MLLM基础",
        "第三周：Go/Rust语言学习与实践",
        "第四周：综合应用与项目实践",
        "第一周：基础知识回顾与深度学习入门",
        "第二周至第四周（第二周）",
        "第二周至第四周（第三周）",
        "第二周至第四周（第四周）",
        "第九周",  # the FNN/CNN refinement, which has no week heading
        "第一周：深度学习入门",
        "第一周：深度学习、Spring、React和Python库",
    ]
    # the opening list of topics (lines 4-28) and the chat sentences between plans are not
    # part of any plan: each is a warning at its line, not dropped silently
    intro = [4, 5, 6, 7, 9, 10, 11, 13, 14, 15, 17, 18, 19, 20, 22, 23, 24, 26, 27, 28]
    assert [w.line for w in result.warnings] == [*intro, 95, 133, 154, 179]
    assert result.spec["description"].startswith("要加深对深度学习和多模态大语言模型")
    assert len(result.spec["resources"]) == 4
    assert all(w.message.startswith(UNPLACED) for w in result.warnings)
    assert result.spec["title"] == "seed_full"
    assert result.spec["id"] == "seed_full"


# --- English plans -----------------------------------------------------------------------------


def test_english_week() -> None:
    result, c = imported("en_week.md")
    assert result.spec["title"] == "Deep Learning Sprint"
    assert result.spec["language"] == "en"
    assert [w.title for w in c.spec.weeks] == [
        "Week 1: Foundations",
        "Weeks 2-3: Projects (week 2)",
        "Weeks 2-3: Projects (week 3)",
    ]
    assert c.spec.weeks[0].goal == "Learn the basics of neural networks."
    g = "general"
    assert fields(day(c, 1, 0)) == [
        ("Morning", "Read chapter 1 of the Goodfellow book.", g, 1),
        ("Morning", "Watch lecture 2 of the Coursera course.", g, 1),
        ("Afternoon", "Implement an MLP in PyTorch.", g, 4),
    ]
    assert fields(day(c, 1, 5)) == [("All day", "The weekend project.", g, 6)]
    sun = c.day_plan(1, 6)
    assert sun is not None and sun.rest and sun.note == "Review notes from the week."
    assert [d.days for d in c.spec.weeks[1].days] == ["mon-fri", "sat-sun"]
    assert fields(day(c, 2, 3)) == [("Evening", "Read one paper a day.", g, 2)]
    sat = c.day_plan(3, 5)
    assert sat is not None and sat.rest and sat.note == "Rest and recharge."
    assert result.warnings == []  # prose before the plan and the Resources section are skipped


def test_english_variants() -> None:
    result, c = imported("en_variants.md")
    assert [w.title for w in c.spec.weeks] == ["Week One"]
    assert [d.days for d in c.spec.weeks[0].days] == ["mon,wed,fri", "tue", "thu", "sat"]
    g = "general"
    assert fields(day(c, 1, 2)) == [
        ("All day", "Python decorators", g, 1),
        ("All day", "asyncio event loop", g, 2),
    ]
    assert fields(day(c, 1, 1)) == [("Morning session", "Algorithms practice", g, 4)]
    thu = c.day_plan(1, 3)
    assert thu is not None and thu.rest and thu.note is None
    assert fields(day(c, 1, 5)) == [
        ("Morning", "Review the week", g, 1),
        ("Evening", "Write a blog post", g, 3),
    ]
    assert result.warnings == []


# --- edge cases --------------------------------------------------------------------------------


def test_obsidian_markup_becomes_plain_text() -> None:
    result, c = imported("edge_obsidian.md")
    assert result.spec["title"] == "我的 Obsidian 计划"  # from the front matter
    assert c.spec.weeks[0].title == "第1周：Python 进阶"
    slots = day(c, 1, 0)
    assert [(s.block, s.title, s.pomodoros) for s in slots] == [
        ("上午", "阅读装饰器笔记和项目实践总纲。", 1),
        ("上午", "练习 asyncio 示例，参考asyncio > 事件循环。", 1),
        ("上午", "整理笔记", 1),
        ("下午", "项目练习 官方文档", 2),
    ]
    assert slots[1].detail == "写一个计时装饰器\n读 asyncio.gather 文档"
    assert "diagram" not in result.yaml_text and "banner" not in result.yaml_text
    assert "私人备注" not in result.yaml_text
    assert "detail: |" in result.yaml_text
    assert result.warnings == []


def test_rest_days_in_every_form() -> None:
    result, c = imported("edge_rest_days.md")
    assert result.spec["title"] == "休息日测试"
    week1 = {d.days: (d.rest, d.note) for d in c.spec.weeks[0].days}
    assert week1 == {"mon-fri": (False, None), "sat": (True, None), "sun": (True, None)}
    assert fields(day(c, 1, 0)) == [("晚上", "刷题", "general", 2)]
    # 每天 gives way to the days named on their own, nested or not
    week2 = {d.days: (d.rest, d.note) for d in c.spec.weeks[1].days}
    assert week2 == {
        "mon-tue,thu-sat": (False, None),
        "wed": (True, "休息一天，去爬山。"),
        "sun": (True, "整理本周笔记"),
    }
    assert fields(day(c, 2, 5)) == [("上午", "背单词", "general", 2)]
    assert result.warnings == []


def test_week_ranges_and_pomodoro_ranges() -> None:
    result, c = imported("edge_ranges.md")
    assert [w.title for w in c.spec.weeks] == [
        "第二周至第四周：巩固（第二周）",
        "第二周至第四周：巩固（第三周）",
        "第二周至第四周：巩固（第四周）",
    ]
    for week in (1, 2, 3):
        assert fields(day(c, week, 4)) == [
            ("全天", "复习前两周的笔记", "general", 4),
            ("全天", "超长的一项", "general", 32),
            ("全天", "阅读。", "general", 3),
        ]
        assert [d.days for d in c.spec.weeks[week - 1].days] == ["mon-fri", "sat-sun"]
    assert result.warnings == [
        ImportWarning(5, 1, "36 pomodoros in one item: kept 32, the most a slot holds")
    ]
    assert len({s.id for s in c.all_slots()}) == result.slots == 3 * 5 * 3


def test_unplaceable_lines_are_warned_at_their_line_and_column() -> None:
    result, c = imported("edge_unplaceable.md")
    got = [(w.line, w.column, w.message) for w in result.warnings]
    assert got == [
        (5, 1, f'{UNPLACED}: "This paragraph is inside the p…"'),
        (6, 1, f'{UNPLACED}: "- a list item before any day"'),
        (11, 1, "table inside the plan: ignored"),
        (12, 1, "code block inside the plan: ignored"),
        (20, 3, f'{UNPLACED}: "Stray text at the wrong indent"'),
    ]
    assert fields(day(c, 1, 0)) == [("Morning", "Read", "general", 1)]
    tue = day(c, 1, 1)
    assert fields(tue) == [("Afternoon", "Write", "general", 1)]
    assert tue[0].detail == "the essay draft, continued on this line"
    assert 'print("hi")' not in result.yaml_text


def test_items_with_no_day_are_planned_every_day_with_a_warning() -> None:
    result, c = imported("edge_no_day.md")
    assert result.spec["title"] == "每日计划"
    assert [w.title for w in c.spec.weeks] == ["第一周"]
    assert [d.days for d in c.spec.weeks[0].days] == ["mon-sun"]
    assert fields(day(c, 1, 6)) == [
        ("全天", "背单词", "general", 1),
        ("全天", "听力练习", "general", 1),
    ]
    assert result.warnings == [
        ImportWarning(3, 1, "no day named above this item: planned for every day (mon-sun)")
    ]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty.md", "the note is empty: no study plan to import"),
        (
            "diary.md",
            "no study plan found: no days (周一至周五, Monday), blocks (上午, Morning) "
            "or pomodoro items (番茄1, Pomodoro 1)",
        ),
        (
            "weeks_without_days.md",
            "no study plan found: week headings but no days, blocks or pomodoro items",
        ),
    ],
)
def test_a_note_without_a_plan_is_an_input_error(name: str, reason: str) -> None:
    with pytest.raises(InputError) as info:
        load(name)
    [problem] = info.value.problems
    assert (problem.file, problem.line, problem.column, problem.field) == (name, 1, 1, "")
    assert problem.message == reason
    assert "\n" not in str(problem)


@pytest.mark.parametrize("text", ["", "\n\n   \n", "---\ntitle: x\n---\n"])
def test_blank_notes_are_input_errors(text: str) -> None:
    with pytest.raises(InputError):
        import_note(text, "blank.md")


def test_days_without_items_are_an_input_error() -> None:
    with pytest.raises(InputError) as info:
        import_note("### 第一周\n\n**周一**：\n\n**周二**：\n", "x.md")
    assert info.value.problems[0].message == "no study plan found: its days hold no study items"


def test_a_day_without_items_is_left_out_with_a_warning() -> None:
    result, c = text_of("**周一**：\n- 番茄1：复习\n\n**周二**：\n")
    assert [d.days for d in c.spec.weeks[0].days] == ["mon"]
    assert result.warnings == [
        ImportWarning(4, 1, "day has no study items and is not a rest day: left out")
    ]


# --- labels, one at a time ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("**周一**：\n- **上午（2小时）**：\n  - **番茄1**（25分钟）：读书", [("上午", "读书", 1)]),
        ("**周一**：\n- **上午**（2小时）：读书", [("上午", "读书", 4)]),
        ("**周一**：\n- **全天（4小时）**：项目", [("全天", "项目", 8)]),
        ("**周一**：\n- **晚上**：刷题", [("晚上", "刷题", 1)]),
        ("**周一**：\n- **番茄1-4**（每个25分钟）：项目", [("全天", "项目", 4)]),
        ("**周一**：\n- 番茄3：练习", [("全天", "练习", 1)]),
        ("**周一**：\n- 分配8个番茄时间（每个25分钟）进行项目实践。", [("全天", "项目实践。", 8)]),
        ("**Monday**:\n- **Morning (2 hours)**: Read", [("Morning", "Read", 4)]),
        ("**Monday**:\n- **Pomodoros 1-4** (25 min each): Build", [("All day", "Build", 4)]),
        ("**Monday**:\n- **Pomodoro 2** (25 min): Build", [("All day", "Build", 1)]),
        ("**Mon-Fri**:\n- Morning: Read", [("Morning", "Read", 1)]),
        ("**Monday**:\n- **Afternoon (13:00-15:00)**: Lab", [("Afternoon", "Lab", 4)]),
        ("#### 周一\n##### 下午\n- 番茄1：读书", [("下午", "读书", 1)]),
        (
            "**周一**：\n- **上午**：\n  - 读论文\n  - 写代码",
            [("上午", "读论文", 1), ("上午", "写代码", 1)],
        ),
    ],
)
def test_labels(note: str, expected: list[tuple[str, str, int]]) -> None:
    result, c = text_of(note)
    assert [(s.block, s.title, s.pomodoros) for s in day(c, 1, 0)] == expected
    assert result.warnings == []


@pytest.mark.parametrize(
    "item",
    [
        "**休息5分钟**：喝水",
        "**长休息**（15-30分钟）：午餐",
        "**短休息**",
        "**休息**（5分钟）",
        "Short break",
        "**Long break** (15 min): walk",
        "Break (5 min)",
        "每4个番茄时间后，进行一次长休息（15-30分钟）。",
        "After every 4 pomodoros, take a long break.",
    ],
)
def test_breaks_are_not_slots(item: str) -> None:
    result, c = text_of(f"**周一**：\n- **上午**：\n  - 番茄1：读书\n  - {item}\n  - 番茄2：写作\n")
    assert [s.title for s in day(c, 1, 0)] == ["读书", "写作"]
    assert result.warnings == []


@pytest.mark.parametrize(
    ("lines", "note"),
    [
        ("**周日**：\n- **休息**：回顾一周", "回顾一周"),
        ("**周日**：休息并总结", "休息并总结"),
        ("**周日**：\n- 休息", None),
        ("**周日**：休息", None),
        ("**Sunday**:\n- **Rest**: review notes", "review notes"),
        ("**Sunday**: Rest", None),
        ("**Sunday**: Day off, go hiking", "Day off, go hiking"),
    ],
)
def test_rest_days(lines: str, note: str | None) -> None:
    _, c = text_of(f"**周一**：\n- 番茄1：读书\n{lines}\n")
    sunday = c.day_plan(1, 6)
    assert sunday is not None and sunday.rest and sunday.note == note


def test_week_headings_at_any_level() -> None:
    note = (
        "# 计划\n## 第一周：入门\n**周一**：\n- 番茄1：读书\n"
        "#### Week 2: Next\n**周一**：\n- 番茄1：写作\n"
    )
    result, c = text_of(note)
    assert result.spec["title"] == "计划"
    assert [w.title for w in c.spec.weeks] == ["第一周：入门", "Week 2: Next"]


def test_a_weekday_named_again_starts_a_new_week() -> None:
    note = "**周一至周五**：\n- 番茄1：读书\n\n**周一**：\n- 番茄1：写作\n"
    _, c = text_of(note)
    assert [w.title for w in c.spec.weeks] == ["第一周", "第二周"]
    assert [s.title for s in day(c, 2, 0)] == ["写作"]
    assert c.day_plan(2, 1) is None


def test_subject_labels_become_tracks() -> None:
    note = (
        "**周一**：\n"
        "- **Python**：\n  - 番茄1：装饰器\n"
        "- **Go**：并发模型\n"
        "- **深度学习**：总述不导入\n  - 番茄2：反向传播\n"
    )
    result, c = text_of(note)
    assert [(s.title, s.track) for s in day(c, 1, 0)] == [
        ("装饰器", "Python"),
        ("并发模型", "Go"),
        ("反向传播", "深度学习"),
    ]
    assert result.warnings == []


def test_subject_headings_become_tracks_over_their_days() -> None:
    note = (
        "## 第二周\n#### 深度学习\n**周三**：\n- 番茄1：CNN\n**周四**：\n- 番茄1：RNN\n"
        "#### Go\n**周五**：\n- 番茄1：goroutine\n#### 周六\n- 番茄1：复习\n"
    )
    result, c = text_of(note)
    assert [(s.title, s.track) for wd in (2, 3, 4, 5) for s in day(c, 1, wd)] == [
        ("CNN", "深度学习"),
        ("RNN", "深度学习"),
        ("goroutine", "Go"),
        ("复习", "general"),  # a day heading at the subject's level ends the subject
    ]
    assert result.warnings == []


def test_bold_week_lines_byte_order_mark_and_crlf() -> None:
    note = "\ufeff**第一周**：入门\r\n\r\n1. **周一**：\r\n\t- [ ] 番茄1：读书\r\n"
    _, c = text_of(note)
    assert c.spec.weeks[0].title == "第一周：入门"
    assert [s.title for s in day(c, 1, 0)] == ["读书"]


def test_a_sentence_starting_with_a_week_is_not_a_week_heading() -> None:
    result, c = text_of("**周一**：\n- 番茄1：a\n第一周的目标是打基础。\n")
    assert len(c.spec.weeks) == 1
    assert [(w.line, w.column) for w in result.warnings] == [(3, 1)]


def test_bold_words_starting_a_sentence_are_not_labels() -> None:
    note = "**周一**是开始。\n\n**周二**：\n- 番茄1：读书\n"
    result, c = text_of(note)
    assert [d.days for d in c.spec.weeks[0].days] == ["tue"]
    assert result.warnings == []


def test_title_and_id() -> None:
    note = "**周一**：\n- 番茄1：读书\n"
    assert import_note(note, "notes/My Plan.md").spec["id"] == "my-plan"
    assert import_note(note, "notes/My Plan.md").spec["title"] == "My Plan"
    assert import_note(note, "plan.md", curriculum_id="dl-2024").spec["id"] == "dl-2024"
    assert import_note(note, "plan.md", curriculum_id="深度 学习").spec["id"].startswith("plan-")
    zh = import_note(note, "学习计划.md").spec["id"]
    assert zh.startswith("plan-") and zh == import_note(note, "学习计划.md").spec["id"]
    assert import_note(note, "学习计划.md").spec["title"] == "学习计划"


# --- helpers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "plain"),
    [
        ("[[装饰器]]", "装饰器"),
        ("[[path/note|别名]]", "别名"),
        ("[[../社区/项目实践/项目实践总纲]]", "项目实践总纲"),
        ("[[folder/Note.md]]", "Note"),
        ("[[Note#Heading]]", "Note > Heading"),
        ('<font color="#d831a8">依赖注入</font>和AOP', "依赖注入和AOP"),
        ("看图![[pic.png]]", "看图"),
        ("![alt](x.png)读", "读"),
        ("**粗体**与*斜体*", "粗体与斜体"),
        ("==高亮== ~~删~~ `code`", "高亮 删 code"),
        ("[text](https://example.com)", "text"),
        ("a %%secret%% b", "a b"),
        ("2 * 3 * 4", "2 * 3 * 4"),
        ("Python __init__", "Python __init__"),
    ],
)
def test_clean(raw: str, plain: str) -> None:
    assert clean(raw) == plain


@pytest.mark.parametrize(
    ("label", "days"),
    [
        ("周一至周五", "mon-fri"),
        ("周一至周四", "mon-thu"),
        ("周五至周日", "fri-sun"),
        ("周一至五", "mon-fri"),
        ("周六", "sat"),
        ("周日", "sun"),
        ("周天", "sun"),
        ("星期三", "wed"),
        ("周一、周三", "mon,wed"),
        ("每天", "mon-sun"),
        ("周末", "sat-sun"),
        ("Monday to Friday", "mon-fri"),
        ("Monday through Thursday", "mon-thu"),
        ("Mon-Fri", "mon-fri"),
        ("Saturday", "sat"),
        ("Mon, Wed & Fri", "mon,wed,fri"),
        ("Every day", "mon-sun"),
        ("Weekdays", "mon-fri"),
        ("周一至周五：", "mon-fri"),
    ],
)
def test_parse_day_label(label: str, days: str) -> None:
    parsed = parse_day_label(label)
    assert parsed is not None and format_days(parsed[0]) == days


@pytest.mark.parametrize("label", ["上午", "深度学习", "周五至周一", "Monkey", "Sunday school", ""])
def test_not_day_labels(label: str) -> None:
    assert parse_day_label(label) is None


def test_format_days() -> None:
    assert format_days({0, 1, 2, 4, 5}) == "mon-wed,fri-sat"
    assert format_days({6}) == "sun"


def test_results_are_frozen() -> None:
    result = import_note("**周一**：\n- 番茄1：读书\n", "n.md")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.weeks = 2  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        ImportWarning(1, 1, "x").line = 2  # type: ignore[misc]


def test_importer_does_not_import_textual() -> None:
    code = "import sys, pomoplan.adapters.importer; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- any note: an InputError or a valid curriculum ---------------------------------------------

_PIECES = [
    "### 第一周",
    "### 第二周至第四周",
    "## Week 2: x",
    "# 标题",
    "**周一至周五**：",
    "**周六**：",
    "**周日**：休息",
    "- **周六**：项目",
    "  - **周日**：休息并总结",
    "- **每天**：",
    "**Monday**:",
    "- **上午（2小时）**：",
    "- **下午**（2小时）：读书",
    "  - **番茄1**（25分钟）：装饰器",
    "    - **番茄1-4**（每个25分钟）：项目",
    "  - **休息5分钟**：喝水",
    "- **长休息**（15-30分钟）",
    "- **深度学习**：",
    "  - **Spring**：依赖注入",
    "  - 分配8个番茄时间进行实践",
    "- **休息**：回顾",
    "- 读论文",
    "      - 细节",
    "随便写的一段话。",
    "**目标**：复习",
    "![[embed]]",
    "| a |",
    "```",
    "---",
    "",
    "- **Pomodoros 1-40**: long",
    "Short break",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), max_size=30))
def test_any_note_imports_or_is_an_input_error(pieces: list[str]) -> None:
    text = "\n".join(pieces)
    try:
        result = import_note(text, "fuzz.md")
    except InputError as exc:
        assert len(exc.problems) == 1
        return
    parse_curriculum(result.yaml_text, "fuzz.md")
    assert all(1 <= w.line <= max(1, len(pieces)) for w in result.warnings)


# --- big and hostile notes: imported or refused in one line, never a traceback ------------------


def test_front_matter_nested_5000_deep_is_a_warning_not_a_recursion_error() -> None:
    note = "---\na: " + "[" * 5000 + "]" * 5000 + "\n---\n**周一**：\n- 番茄1：读书\n"
    result, c = text_of(note)
    assert [s.title for s in day(c, 1, 0)] == ["读书"]
    [warning] = result.warnings
    assert (warning.line, warning.column) == (1, 1)
    assert warning.message.startswith("front matter is not readable YAML")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("- a\n" * 100_000, "the note has 100,000 lines; at most 5,000 are imported"),
        ("### Day\n" * 50_000, "the note has 50,000 lines; at most 5,000 are imported"),
        ("- " + "*a" * 150_000, "the note has 300,002 characters; at most 100,000 are imported"),
    ],
    ids=["100000-lines", "50000-headings", "300000-characters"],
)
def test_a_note_past_the_documented_size_is_refused_in_one_line(text: str, reason: str) -> None:
    with pytest.raises(InputError) as info:
        import_note(text, "big.md")
    [problem] = info.value.problems
    assert (problem.line, problem.column, problem.message) == (1, 1, reason)


def test_the_largest_note_accepted_still_imports() -> None:
    lines = ["**周一**："] + [f"- 读第{i}章 [[笔{i}]]" for i in range(4_999)]
    result = import_note("\n".join(lines), "big.md")
    assert result.slots == 4_999


def test_a_plan_past_the_slot_limit_is_refused_in_one_line() -> None:
    note = "### 第一周至第十周\n**周一至周日**：\n" + "".join(f"- 读第{i}章\n" for i in range(80))
    with pytest.raises(InputError) as info:
        import_note(note, "big.md")
    assert info.value.problems[0].message == (
        "the plan has 5,600 slots over its days; at most 5,000 are imported"
    )


def test_lines_nested_past_the_parser_limit_are_reported_not_dropped() -> None:
    result, c = text_of("**周一**：\n- 番茄1：读书\n" + ">" * 5000 + " 深处\n")
    assert [s.title for s in day(c, 1, 0)] == ["读书"]
    assert [(w.line, w.column) for w in result.warnings] == [(3, 1)]
    assert "nested deeper than" in result.warnings[0].message


@pytest.mark.parametrize("unit", ["[", "[[", "![[", "*a", "_a", "<a ", "`a", "==a", "[a](", "%%"])
def test_a_long_line_of_markup_is_read_in_linear_time(unit: str) -> None:
    # quadratic parsing would take minutes here; linear takes well under a second
    import_note("**周一**：\n- 番茄1：" + unit * (20_000 // len(unit)) + "\n", "markup.md")


_INLINE = st.sampled_from(
    ["**", "*", "_", "`", "[", "]", "(", ")", "[[", "]]", "![[", "==", "~~", "%%", "<br>",
     "<font>", "#tag", "|", ":", "：", "（", "）", " ", "\t", "a", "读书", "番茄", "2", "\\"]
)  # fmt: skip
_LINE_START = st.sampled_from(
    ["", "- ", "  - ", "    - ", "1. ", "- [ ] ", "- [x] ", "# ", "### ", "> ", "    ", "```",
     "~~~", "---", "===", "| ", "|---|---|", "**周一**：", "**Monday**: ", "### Day 2",
     "#### 第一阶段", "- **上午**：", "- 番茄1-2：", "- **学习内容**："]
)  # fmt: skip


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(_LINE_START, st.lists(_INLINE, max_size=8)).map(lambda t: t[0] + "".join(t[1])),
        max_size=25,
    )
)
def test_generated_markdown_imports_or_is_one_input_error(lines: list[str]) -> None:
    text = "\n".join(lines)
    try:
        result = import_note(text, "gen.md")
    except InputError as exc:
        assert len(exc.problems) == 1 and "\n" not in exc.problems[0].message
        return
    parse_curriculum(result.yaml_text, "gen.md")
    assert all(1 <= w.line <= max(1, len(lines)) for w in result.warnings)


# --- the shapes people write, field by field ----------------------------------------------------


def load_on(name: str, today: date = date(2026, 12, 3)) -> tuple[ImportResult, Curriculum]:
    result = import_note((NOTES / name).read_text(encoding="utf-8"), name, today=today)
    return result, parse_curriculum(result.yaml_text, name)


def test_numbered_days_checkboxes_counts_rest_sentence_tags_and_links() -> None:
    result, c = load_on("zh_days_checklist.md")
    assert result.warnings == []
    assert result.spec["title"] == "Rust 入门两周"
    assert result.spec["description"] == "目标：两周内做完 rustlings，能写小工具。"
    assert result.spec["track"] == "rustlings"  # the front matter's tag
    assert [w.title for w in c.spec.weeks] == ["第一周", "第二周"]
    assert [(d.days, d.title) for d in c.spec.weeks[0].days] == [
        ("mon", "第1天"),
        ("tue-wed", "第2-3天"),
        ("thu", "第4天"),
    ]
    day1 = day(c, 1, 0)
    assert fields(day1) == [
        ("全天", "安装 Rust 工具链", "rustlings", 2),  # （1小时）: two 25+5 cycles
        ("全天", "做 rustlings variables 练习", "rustlings", 2),  # （2个番茄）
        ("全天", "复习 a[i][j] 与 Vec<T>", "rustlings", 2),  # ×2, brackets kept
    ]
    assert day1[1].detail == "先看提示再改代码"
    plan = c.day_plan(1, 0)
    assert plan is not None and plan.note == "已完成：读 The Book 第1章"  # [x]: done, not owed
    for weekday in (1, 2):
        slots = day(c, 1, weekday)
        assert fields(slots) == [
            ("全天", "所有权与借用", "rustlings", 3),  # — 3 pomodoros
            ("全天", "写一个 猜数字 小程序", "rustlings", 2),  # 🍅🍅
        ]
        assert [(r.title, r.kind) for r in slots[1].resources] == [("猜数字", "note")]
    thursday = c.day_plan(1, 3)
    assert thursday is not None and thursday.rest and thursday.note == "休息，出去走走"
    assert fields(day(c, 2, 0)) == [("全天", "复习第一周", "复习", 3)]  # 09:00-10:40, #复习


def test_weekday_headings_numbered_items_and_rest_sentences_in_english() -> None:
    result, c = load_on("en_week_plain.md")
    assert result.warnings == []
    assert result.spec["description"].startswith("Goal: finish the first five chapters")
    assert fields(day(c, 1, 0)) == [
        ("All day", "Read chapter 1", "general", 2),  # — 2 pomodoros
        ("All day", "Install rustup", "general", 2),  # (50 min)
        ("All day", "[TODO] review list[int] vs Vec<T>", "general", 1),
    ]
    tuesday = day(c, 1, 1)
    assert fields(tuesday) == [
        ("All day", "Ownership exercises", "general", 3),
        ("All day", "Read Rust by Example", "general", 1),
    ]
    [link] = tuesday[1].resources
    assert (link.title, link.url) == (
        "Rust by Example",
        "https://doc.rust-lang.org/rust-by-example/",
    )
    for weekday in (2, 6):  # "Rest." under its heading; "Sunday: off"
        plan = c.day_plan(1, weekday)
        assert plan is not None and plan.rest and plan.note is None


def test_dated_days_fall_on_their_weekdays_from_the_first_date() -> None:
    result, c = load_on("zh_dated.md")
    assert result.warnings == []
    assert result.start_date == date(2026, 12, 9)
    assert [(d.days, d.title) for d in c.spec.weeks[0].days] == [
        ("wed", "2026-12-09"),
        ("thu", "12月10日"),  # the year from today
    ]
    assert fields(day(c, 1, 2)) == [("全天", "刷题", "general", 2)]
    assert fields(day(c, 1, 3)) == [("全天", "读论文", "general", 2)]
    gap = c.day_plan(2, 0)
    assert gap is not None and gap.rest and gap.note == "笔记中这一周没有安排"
    assert fields(day(c, 3, 0)) == [("全天", "复盘", "general", 1)]


@pytest.mark.parametrize(
    ("item", "title", "count"),
    [
        ("Read X (2 pomodoros)", "Read X", 2),
        ("Read X — 3 pomodoros", "Read X", 3),
        ("读书（2个番茄）", "读书", 2),
        ("Review ×2", "Review", 2),
        ("🍅🍅🍅 刷题", "刷题", 3),
        ("2 pomodoros: Build", "Build", 2),
        ("Read (50 min)", "Read", 2),
        ("读书（1小时）", "读书", 2),
        ("09:00-10:40 Lab", "Lab", 3),
        ("fix2 the bug", "fix2 the bug", 1),
    ],
)
def test_pomodoro_counts_wherever_people_put_them(item: str, title: str, count: int) -> None:
    _, c = text_of(f"### Monday\n- {item}\n")
    assert [(s.title, s.pomodoros) for s in day(c, 1, 0)] == [(title, count)]


@pytest.mark.parametrize("heading", ["## Day 3", "### 第3天", "Day 3\n====="])
def test_day_sequences_in_any_heading(heading: str) -> None:
    _, c = text_of(f"{heading}\n- 读书\n")
    assert [s.title for s in day(c, 1, 2)] == ["读书"]


def test_a_week_range_heading_of_days_is_clipped_with_a_warning() -> None:
    result, c = text_of("## Day 6-9\n- 读书\n")
    assert [d.days for d in c.spec.weeks[0].days] == ["sat-sun"]
    assert "runs into the next week" in result.warnings[0].message


# --- roadmaps become self-paced plans -----------------------------------------------------------


def test_seed_roadmap_imports_as_a_self_paced_plan_of_5_phases_and_12_topics() -> None:
    result, c = load_on("seed_roadmap_002.md")
    assert (result.kind, result.phases, result.topics) == ("self-paced", 5, 12)
    assert result.warnings == []
    spec = c.spec
    assert spec.kind == "self-paced" and spec.daily_pomodoros == 8
    assert spec.title == "多模态领域学习计划"
    assert spec.description is not None and spec.description.startswith("根据多模态领域")
    assert "每个主题至少完成一个实践项目" in spec.description  # 学习建议
    assert spec.phases[0].title == "第一阶段：基础知识（1-2个月）"
    assert [len(p.topics) for p in spec.phases] == [2, 3, 3, 2, 2]
    first = spec.phases[0].topics[0]
    assert first.title == "1. 多模态基本概念"
    assert [(s.title, s.pomodoros, s.checkpoint) for s in first.slots] == [
        ("学习内容：多模态定义、各种模态特性、模态间关系", 6, False),
        ("实践项目：构建简单的双模态（如图像-文本）数据集并进行探索性分析", 4, False),
    ]
    assert [r.title for r in first.resources] == [
        'Chen等人的"对多模式智能的下一步预测：一项全面调查"',
        "多模态机器学习入门课程（如Stanford CS231n, CS224n）",
    ]
    # 阶段性评估: one checkpoint closing each phase, in order
    checks = [s for p in spec.phases for s in p.topics[-1].slots if s.checkpoint]
    assert checks[0].title == "基础阶段：能够解释多模态概念并实现简单的双模态模型"
    assert len(checks) == 5
    assert [r.kind for r in spec.resources][:3] == ["book", "book", "book"]
    assert spec.resources[-1].title == "MIMIC（医疗数据）"
    assert spec.resources[-1].kind == "dataset"


def test_a_roadmap_without_days_is_no_longer_refused() -> None:
    # prose_only.md (a roadmap's first topic) was refused as "no study plan found"
    result, _ = load_on("prose_only.md")
    assert (result.kind, result.phases, result.topics, result.slots) == ("self-paced", 1, 1, 1)


def test_english_roadmap_field_by_field() -> None:
    result, c = load_on("en_roadmap.md")
    assert result.warnings == []
    spec = c.spec
    assert spec.kind == "self-paced" and spec.daily_pomodoros == 6  # "6 pomodoros a day"
    assert [p.title for p in spec.phases] == ["Phase 1: Foundations", "Phase 2: Async"]
    ownership, traits = spec.phases[0].topics
    assert [(s.title, s.pomodoros) for s in ownership.slots] == [
        ("Learn: moves, borrows, lifetimes", 6),
        ("Project: a word counter", 3),
    ]
    assert [(r.title, r.kind, r.url) for r in ownership.resources] == [
        (
            "The Rust Book, ch. 4",
            None,
            "https://doc.rust-lang.org/book/ch04-00-understanding-ownership.html",
        ),
        ("Rust notes", "note", None),  # an Obsidian link: the note, by its name
    ]
    assert [(s.title, s.pomodoros, s.checkpoint) for s in traits.slots] == [
        ("Learn: traits, generics", 4, False),
        ("Project: a shape calculator", 4, False),
        ("Assessment: explain impl Trait vs dyn Trait", 2, True),
    ]


# --- tables: rows are days, columns are blocks --------------------------------------------------


def test_a_table_of_days_and_blocks_in_chinese() -> None:
    result, c = load_on("zh_table.md")
    assert result.warnings == []
    assert [d.days for d in c.spec.weeks[0].days] == ["mon", "tue", "sun"]
    assert fields(day(c, 1, 0)) == [
        ("上午", "高数第三章", "general", 2),  # （2个番茄）
        ("下午", "英语听力", "general", 1),  # 晚上: 休息 is no slot
    ]
    assert fields(day(c, 1, 1)) == [
        ("上午", "线代习题", "general", 1),  # <br> parts are slots of their own
        ("上午", "错题整理", "general", 1),
        ("晚上", "背单词", "general", 2),  # （1小时）
    ]
    sunday = c.day_plan(1, 6)
    assert sunday is not None and sunday.rest and sunday.note == "休息，出去走走"


def test_a_table_of_days_and_blocks_in_english() -> None:
    result, c = load_on("en_table.md")
    assert result.warnings == []
    for weekday in range(5):
        slots = day(c, 1, weekday)
        assert fields(slots) == [
            ("Morning", "Read papers", "general", 2),
            ("Afternoon", "Linear algebra drills", "general", 1),
        ]
        assert [r.title for r in slots[1].resources] == ["Linear algebra"]
    assert fields(day(c, 1, 5)) == [("Morning", "Project", "general", 3)]
    sunday = c.day_plan(1, 6)
    assert sunday is not None and sunday.rest and sunday.note is None


def test_a_table_that_is_not_a_plan_is_a_located_warning() -> None:
    result, _ = text_of("| Book | Author |\n|---|---|\n| SICP | Abelson |\n\n### Monday\n- Read\n")
    assert [(w.line, w.message) for w in result.warnings] == [
        (1, "table with no days in its first column: ignored")
    ]


def test_the_readme_examples_import_as_it_says() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Importing a plan") :]
    week, table, roadmap = re.findall(r"```markdown\n(.*?)```", section, re.S)[:3]
    r1, c1 = text_of(week)
    assert fields(day(c1, 1, 1)) == [("All day", "Ownership exercises", "general", 3)]
    r2, c2 = text_of(table)
    assert fields(day(c2, 1, 0))[0] == ("上午", "高数第三章", "general", 2)
    r3, c3 = text_of(roadmap)
    assert [(s.title[:4], s.pomodoros, s.checkpoint) for s in c3.all_slots()] == [
        ("学习内容", 6, False),
        ("实践项目", 4, False),
        ("阶段考核", 2, True),
    ]
    assert r1.warnings == r2.warnings == r3.warnings == []


def test_a_tilde_fence_inside_a_backtick_fence_does_not_end_it() -> None:
    note = "### Monday\n- Read\n```\n~~~\n- not a slot\n```\n- Write\n"
    result, c = text_of(note)
    assert [s.title for s in day(c, 1, 0)] == ["Read", "Write"]
    assert [(w.line, w.message) for w in result.warnings] == [
        (3, "code block inside the plan: ignored")
    ]
