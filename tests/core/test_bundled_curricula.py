"""The bundled curricula load, keep the seed plans' content, and are plain text."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from pomoplan.core.curriculum import Curriculum, SelfPacedSpec, Slot, load_curriculum

BUNDLED = Path(__file__).resolve().parents[2] / "curricula"
SCHEMA_LINE = "# yaml-language-server: $schema=./curriculum.schema.json"
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
FILES = sorted(BUNDLED.glob("*.yaml"))


@cache
def load(name: str) -> Curriculum:
    return load_curriculum(BUNDLED / f"{name}.yaml", bundled=True)


def slot_text(slot: Slot) -> str:
    parts = [slot.title, slot.detail or ""]
    parts += [f"{r.title} {r.url or ''}" for r in slot.resources]
    return "\n".join(parts)


def pomodoros(slots: tuple[Slot, ...] | list[Slot]) -> int:
    return sum(s.pomodoros for s in slots)


def test_the_three_seed_plans_are_bundled() -> None:
    names = {p.stem for p in FILES}
    assert {"one-month", "dl-spring-react-week", "multimodal-roadmap"} <= names


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_bundled_file_loads_and_points_editors_at_the_schema(path: Path) -> None:
    assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE
    curriculum = load_curriculum(path, bundled=True)
    assert curriculum.id == path.stem
    assert curriculum.spec.language == "zh"
    assert curriculum.all_slots()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_slot_has_a_real_track_and_plain_text(path: Path) -> None:
    for slot in load_curriculum(path).all_slots():
        assert slot.track != "general", slot.id
        text = slot_text(slot)
        for markup in ("[[", "]]", "<font", "</font>", "![["):
            assert markup not in text, (slot.id, markup)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_timer_is_the_seed_pomodoro(path: Path) -> None:
    timer = load_curriculum(path).timer
    assert timer is not None
    assert (timer.focus, timer.short_break, timer.long_break, timer.long_every) == (
        25 * 60,
        5 * 60,
        15 * 60,
        4,
    )


SEED_ITEMS = {
    "one-month": [
        "装饰器",
        "异步编程",
        "Promises",
        "PromiseState",
        "async/await",
        "并发编程",
        "设计模式",
        "前馈神经网络",
        "LeNet",
        "AlexNet",
        "RNN",
        "LSTM",
        "反向传播",
        "梯度下降",
        "MNIST",
        "TensorFlow",
        "PyTorch",
        "Coursera",
        "Goodfellow",
        "Kaggle",
        "VGGNet",
        "学习率",
        "项目实践总纲",
        "Transformer",
        "特征融合",
        "模态转换",
        "联合表示学习",
        "词嵌入",
        "GPT",
        "BERT",
        "T5",
        "预训练",
        "微调",
        "A Survey on Multimodal Large Language Models",
        "MM-LLMs: Recent Advances in MultiModal Large Language Models",
        "M-IT",
        "M-ICL",
        "M-CoT",
        "LAVR",
        "图像描述",
        "视觉问答",
        "情感分析",
        "图像标注",
        "Go",
        "Rust",
        "Web服务器",
        "命令行工具",
        "The Go Programming Language",
        "The Rust Programming Language",
        "官方文档",
        "NeurIPS",
        "ICML",
        "CVPR",
        "r/MachineLearning",
        "Stack Overflow",
        "开源项目",
    ],
    "dl-spring-react-week": [
        "神经网络的基本结构和激活函数",
        "反向传播算法和梯度下降",
        "卷积神经网络（CNN）的工作原理",
        "图像识别",
        "TensorFlow",
        "Spring的核心概念",
        "依赖注入",
        "面向切面编程（AOP）",
        "Spring Boot",
        "组件和状态管理",
        "React Hooks",
        "虚拟DOM",
        "NumPy",
        "Pandas",
        "数据清洗",
        "Matplotlib",
        "Seaborn",
        "数据可视化",
        "整理笔记",
        "Web应用",
    ],
    "multimodal-roadmap": [
        "多模态定义",
        "模态间关系",
        "CS231n",
        "CS224n",
        "对多模式智能的下一步预测",
        "视觉中的变压器",
        "大型视觉语言模型的基准评估",
        "早期融合",
        "中期融合",
        "晚期融合",
        "跨模态对齐",
        "BalanceBenchmark",
        "情感分析",
        "自监督学习",
        "对比学习",
        "跨模态预训练",
        "以任何方式询问",
        "视觉问题回答",
        "视觉问答系统",
        "MiniGPT-4",
        "LLaVA",
        "个性化的多模式大语言模型",
        "低资源语言",
        "扩散模型",
        "GAN",
        "VAE",
        "分散检测扩散模型",
        "Cel-Animation",
        "不确定性估计",
        "鲁棒性评估",
        "迈向视觉接地",
        "大型视觉模型的安全性调查",
        "对抗攻击",
        "隐私保护",
        "DeepFake",
        "从非MLLM到MLLM",
        "Baymax",
        "自动驾驶",
        "Agribench",
        "模型压缩",
        "量化",
        "知识蒸馏",
        "参数高效微调",
        "缩放法",
        "动态神经网络",
        "ICLR",
        "ACL",
        "arXiv",
        "OpenAI",
        "Google AI",
        "Meta AI",
        "复现最新论文",
        "研讨会",
        "撰写论文",
        "Multimodal Machine Learning: A Survey and Taxonomy",
        "Multimodal Deep Learning",
        "Goodfellow",
        "Transformers United",
        "深度学习专项课程",
        "计算机视觉导论",
        "Hugging Face Transformers",
        "PyTorch Lightning",
        "timm",
        "CLIP",
        "DALL-E",
        "Stable Diffusion",
        "MS-COCO",
        "VQA",
        "AudioSet",
        "HowTo100M",
        "MIMIC",
    ],
}


@pytest.mark.parametrize(
    ("name", "item"),
    [(name, item) for name, items in SEED_ITEMS.items() for item in items],
)
def test_seed_item_is_in_some_slot(name: str, item: str) -> None:
    assert any(item in slot_text(s) for s in load(name).all_slots()), item


# --- one-month -------------------------------------------------------------


def test_one_month_is_four_calendar_weeks_with_rest_sundays() -> None:
    c = load("one-month")
    assert c.kind == "calendar"
    assert len(c.spec.weeks) == 4  # type: ignore[union-attr]
    for week in range(1, 5):
        sunday = c.day_plan(week, SUN)
        assert sunday is not None and sunday.rest and not sunday.slots
        assert sunday.note


def test_one_month_week1_monday_is_language_morning_and_deep_learning_afternoon() -> None:
    day = load("one-month").day_plan(1, MON)
    assert day is not None and not day.rest
    morning = [s for s in day.slots if s.block == "上午"]
    afternoon = [s for s in day.slots if s.block == "下午"]
    assert morning and afternoon
    assert {s.track for s in morning} == {"Python"}
    assert {s.track for s in afternoon} == {"深度学习"}
    assert pomodoros(morning) == 4


def test_one_month_week1_mornings_cover_each_language() -> None:
    c = load("one-month")
    tracks = set()
    for weekday in (MON, TUE, WED, THU, FRI):
        day = c.day_plan(1, weekday)
        assert day is not None
        morning = {s.track for s in day.slots if s.block == "上午"}
        assert len(morning) == 1, "每天专注于一个语言"
        tracks |= morning
    assert tracks == {"Python", "JavaScript", "Java"}


def test_one_month_week1_saturday_is_eight_pomodoros_of_project_and_papers() -> None:
    day = load("one-month").day_plan(1, SAT)
    assert day is not None
    assert pomodoros(day.slots) == 8
    text = "\n".join(slot_text(s) for s in day.slots)
    for item in ("CNN", "学习率", "AlexNet", "VGGNet"):
        assert item in text


def test_one_month_week1_sunday_is_rest_with_the_review_note() -> None:
    day = load("one-month").day_plan(1, SUN)
    assert day is not None and day.rest
    assert day.note is not None and "回顾一周所学" in day.note and "整理笔记" in day.note


@pytest.mark.parametrize("weekday", [MON, TUE, WED, THU, FRI])
def test_one_month_week3_weekdays_study_go_or_rust(weekday: int) -> None:
    day = load("one-month").day_plan(3, weekday)
    assert day is not None
    assert {s.track for s in day.slots} <= {"Go", "Rust"}


def test_one_month_study_days_are_whole_pomodoro_days() -> None:
    c = load("one-month")
    for week in range(1, 5):
        for weekday in (MON, TUE, WED, THU, FRI, SAT):
            day = c.day_plan(week, weekday)
            assert day is not None and pomodoros(day.slots) == 8, (week, weekday)


# --- dl-spring-react-week ---------------------------------------------------


def test_dl_spring_react_tuesday_has_every_numbered_pomodoro() -> None:
    # 深度学习 上午番茄1-3 + 下午番茄1-3, Spring 番茄4-6, React 番茄7-9, Python库 番茄10-12.
    day = load("dl-spring-react-week").day_plan(1, TUE)
    assert day is not None and not day.rest
    by_track: dict[str, int] = {}
    for s in day.slots:
        by_track[s.track] = by_track.get(s.track, 0) + s.pomodoros
    assert by_track == {"深度学习": 6, "Spring": 3, "React": 3, "Python": 3}
    assert pomodoros(day.slots) == 15


def test_dl_spring_react_monday_to_thursday_share_the_plan() -> None:
    c = load("dl-spring-react-week")
    titles = []
    for weekday in (MON, TUE, WED, THU):
        day = c.day_plan(1, weekday)
        assert day is not None
        titles.append([s.title for s in day.slots])
    assert all(t == titles[0] for t in titles)


def test_dl_spring_react_friday_is_review() -> None:
    day = load("dl-spring-react-week").day_plan(1, FRI)
    assert day is not None and not day.rest
    assert day.title is not None and "复习" in day.title
    assert all("复习" in s.title or "自测" in s.title for s in day.slots)


@pytest.mark.parametrize("weekday", [SAT, SUN])
def test_dl_spring_react_weekend_builds_the_spring_boot_react_app(weekday: int) -> None:
    day = load("dl-spring-react-week").day_plan(1, weekday)
    assert day is not None and not day.rest
    assert pomodoros(day.slots) >= 4
    assert {s.track for s in day.slots} == {"Spring", "React"}


# --- multimodal-roadmap ------------------------------------------------------


def test_multimodal_roadmap_has_five_phases_and_twelve_topics() -> None:
    c = load("multimodal-roadmap")
    spec = c.spec
    assert isinstance(spec, SelfPacedSpec)
    assert spec.daily_pomodoros == 8
    assert len(spec.phases) == 5
    assert sum(len(p.topics) for p in spec.phases) == 12


def test_multimodal_roadmap_ends_each_phase_with_a_checkpoint() -> None:
    spec = load("multimodal-roadmap").spec
    assert isinstance(spec, SelfPacedSpec)
    checkpoints = [s for p in spec.phases for t in p.topics for s in t.slots if s.checkpoint]
    assert len(checkpoints) == 5
    for phase in spec.phases:
        assert phase.topics[-1].slots[-1].checkpoint


def test_multimodal_roadmap_ids_are_explicit_and_each_topic_has_a_project() -> None:
    spec = load("multimodal-roadmap").spec
    assert isinstance(spec, SelfPacedSpec)
    for phase in spec.phases:
        for topic in phase.topics:
            assert all(s.id for s in topic.slots)
            projects = [s for s in topic.slots if s.title.startswith("实践项目")]
            assert len(projects) == 1, topic.title
            assert projects[0].pomodoros >= 8


def test_multimodal_roadmap_reads_each_survey_in_its_own_slot() -> None:
    slots = load("multimodal-roadmap").all_slots()
    surveys = [s for s in slots if any(r.kind == "survey" for r in s.resources)]
    readings = [s for s in surveys if s.title.startswith("阅读综述")]
    assert len(readings) == 20
    for s in readings:
        assert len([r for r in s.resources if r.kind == "survey"]) == 1, s.id
