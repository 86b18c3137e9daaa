"""UI strings in English and Simplified Chinese; ``t(key)`` picks the language in force."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pomoplan.core.schedule import DayView

_LANG = ["en"]

STRINGS: dict[str, tuple[str, str]] = {
    # key: (English, 简体中文)
    "focus": ("Focus", "专注"),
    "short_break": ("Short break", "短休息"),
    "long_break": ("Long break", "长休息"),
    "idle": ("Ready", "就绪"),
    "running": ("Running", "进行中"),
    "paused": ("Paused", "已暂停"),
    "week_n": ("Week {n}", "第{n}周"),
    "rest_day": ("Rest day", "休息日"),
    "before_start": (
        "The plan starts on {start}. Study ahead below, or rest.",
        "计划从 {start} 开始。可以提前学习下面的内容，或者休息。",
    ),
    "after_end": (
        "The plan ended on {end}. Catch up on the backlog, or start another plan.",
        "计划已于 {end} 结束。可以补上未完成的内容，或开始新的计划。",
    ),
    "free_day": ("Nothing is planned for this day.", "这一天没有安排。"),
    "finished": ("Every slot of this plan is done.", "这个计划的所有内容都已完成。"),
    "rest_message": (
        "Rest day. {note}",
        "休息日。{note}",
    ),
    "study_ahead": ("Next planned day ({date}):", "下一个学习日（{date}）："),
    "ahead_section": ("Next planned day ({date})", "下一个学习日（{date}）"),
    "backlog": ("Backlog", "待补"),
    "nothing_today": ("Nothing planned today.", "今天没有安排。"),
    "slot_done": ("done", "完成"),
    "slot_current": ("current", "当前"),
    "slot_pending": ("pending", "待做"),
    "slot_skipped": ("skipped", "跳过"),
    "resources": ("Resources", "资源"),
    "no_slot": ("No slot selected", "未选择内容"),
    "press_space": ("Press space to start a focus.", "按空格键开始专注。"),
    "press_space_break": ("Press space to start the break.", "按空格键开始休息。"),
    "on_break": ("Break: stand up, drink water.", "休息一下：站起来，喝点水。"),
    "phase_ended": ("{phase} ended", "{phase}结束"),
    "focus_done": ("Focus done: {title}", "专注完成：{title}"),
    # How a phase ended, in the review.
    "status_completed": ("completed", "完成"),
    "status_skipped": ("skipped", "跳过"),
    "status_interrupted": ("interrupted", "中断"),
    "focus_skipped": ("Focus skipped: {title}", "已跳过专注：{title}"),
    "focus_interrupted": ("Focus interrupted: {title}", "已中断专注：{title}"),
    "break_skipped": ("Break skipped.", "已跳过休息。"),
    "break_over": (
        "Break over. Press space for the next focus.",
        "休息结束。按空格键开始下一个番茄。",
    ),
    "interrupt_title": ("Interrupt this focus?", "中断这个番茄？"),
    "interrupt_reason": ("Reason (optional)", "原因（可选）"),
    "interrupt_hint": ("enter: interrupt · escape: keep going", "回车：中断 · Esc：继续"),
    "resume_offer": (
        "A paused focus was restored. Press space to resume.",
        "已恢复暂停的番茄。按空格键继续。",
    ),
    "another_instance": (
        "Another pomoplan (pid {pid}) runs the timer; this window follows it.",
        "另一个 pomoplan（进程 {pid}）正在计时；此窗口跟随显示。",
    ),
    "cannot_write": (
        "Cannot write the log: {error}. Kept safe beside it; will retry.",
        "无法写入记录：{error}。已另行保存，稍后重试。",
    ),
    "written_again": (
        "The log is writable again; everything was saved.",
        "记录已恢复写入，所有内容都已保存。",
    ),
    "key_pause": ("Start/Pause", "开始/暂停"),
    "key_skip": ("Skip", "跳过"),
    "key_interrupt": ("Interrupt", "中断"),
    "key_select": ("Make current", "设为当前"),
    "key_review": ("Review", "周回顾"),
    "key_today": ("Today", "今天"),
    "key_help": ("Help", "帮助"),
    "key_quit": ("Quit", "退出"),
    "key_prev_week": ("Previous week", "上一周"),
    "key_move": ("Move the highlight", "移动选中行"),
    # Textual's own palette entries and prompts, in the language in force.
    "palette_search": ("Search for commands…", "搜索命令…"),
    "textual_theme": ("Theme", "主题"),
    "textual_theme_help": ("Change the current theme", "更换配色主题"),
    "textual_quit": ("Quit", "退出"),
    "textual_quit_help": ("Quit the application as soon as possible", "立即退出"),
    "textual_keys": ("Keys", "按键"),
    "textual_keys_show": (
        "Show help for the focused widget and a summary of available keys",
        "显示当前部件的帮助和可用按键",
    ),
    "textual_keys_hide": ("Hide the keys and widget help panel", "隐藏按键与帮助面板"),
    "textual_maximize": ("Maximize", "最大化"),
    "textual_maximize_help": ("Maximize the focused widget", "最大化当前部件"),
    "textual_minimize": ("Minimize", "还原"),
    "textual_minimize_help": ("Minimize the widget and restore to normal size", "还原为正常大小"),
    "textual_screenshot": ("Screenshot", "截图"),
    "textual_screenshot_help": (
        "Save an SVG 'screenshot' of the current screen",
        "把当前屏幕保存为 SVG 截图",
    ),
    "textual_quit_prompt": ("Press {key} to quit the app", "按 {key} 退出"),
    "textual_quit_title": ("Do you want to quit?", "要退出吗？"),
    "key_next_week": ("Next week", "下一周"),
    "weekdays": ("Mon Tue Wed Thu Fri Sat Sun", "周一 周二 周三 周四 周五 周六 周日"),
    "review_title": ("Weekly review {week}", "周回顾 {week}"),
    "planned": ("planned", "计划"),
    "completed": ("completed", "完成"),
    "minutes": ("min", "分钟"),
    "adherence": ("Adherence", "完成率"),
    "week_total": ("This week", "本周"),
    "streak": ("Streak", "连续学习"),
    "days": ("{n} days", "{n} 天"),
    "days_one": ("{n} day", "{n} 天"),
    "by_track": ("By track", "按方向"),
    "interruptions": ("Skipped and interrupted", "跳过与中断"),
    "progress": ("Progress", "进度"),
    "none": ("none", "无"),
    "help_title": ("Keys", "按键"),
    "key_palette": ("Command palette", "命令面板"),
    "legend": (
        "▶ current  ✔ done  ↷ skipped or interrupted today  · to do",
        "▶ 当前  ✔ 已完成  ↷ 今天跳过或中断  · 待做",
    ),
    "close_hint": ("escape: close", "Esc：关闭"),
    "since": ("since {date}", "自 {date} 起"),
    "starts_on": ("{title} ({id}) starts on {date}", "{title}（{id}）从 {date} 开始"),
    "validate_ok": (
        "{kind}, {slots} slots, {pomodoros} pomodoros",
        "{kind}，{slots} 个内容，{pomodoros} 个番茄",
    ),
    "config_file": ("config file", "配置文件"),
    "config_missing": ("not created; defaults in force", "尚未创建，使用默认值"),
    "user_curricula": ("curricula", "计划目录"),
    "log_file": ("log", "记录"),
    "curriculum": ("curriculum", "当前计划"),
    "import_summary": (
        "{weeks} weeks, {days} days, {slots} slots, {pomodoros} pomodoros",
        "{weeks} 周，{days} 天，{slots} 个内容，{pomodoros} 个番茄",
    ),
    # -- saved timer state (trust-clock): what was dropped or moved when loading it
    "state_dropped": (
        "Saved timer damaged, part left out: {problem}",
        "保存的计时状态已损坏，已略去一部分：{problem}",
    ),
    "state_from_future": (
        "The saved timer came from a clock {hours} h ahead; it counts from now.",
        "保存的计时来自快了 {hours} 小时的时钟；从现在起计时。",
    ),
    # import: roadmaps and dated plans
    "import_summary_paced": (
        "{phases} phases, {topics} topics, {slots} slots, {pomodoros} pomodoros (self-paced)",
        "{phases} 个阶段，{topics} 个主题，{slots} 个内容，{pomodoros} 个番茄（按进度）",
    ),
    "import_start_on": (
        "The note's days are dated: start on its first day with pomoplan start {target} --on {date}",
        "笔记中的日子带有日期：用 pomoplan start {target} --on {date} 从第一天开始",
    ),
    # sync: merging other devices' journals
    "sync_unset": (
        "sync_dir is not set: add `sync_dir: FOLDER` to {path}",
        "未设置 sync_dir：请在 {path} 中加入 `sync_dir: 文件夹`",
    ),
    "sync_done": (
        "{path}: imported {imported}, wrote {written}",
        "{path}：导入 {imported} 条，写出 {written} 条",
    ),
    "sync_counts": ("{n} entries", "{n} 条"),
    "sync_this_device": ("  (this device)", "  （本机）"),
    "sync_failed": ("Sync: {message}", "同步：{message}"),
    "sync_merged": ("Merged {n} from other devices", "已合并其他设备的 {n} 条"),
    "sync_deferred": (
        "{n} earlier entries of this log are not in {path} yet: the next pomoplan sync "
        "(or the app) writes them out",
        "本日志较早的 {n} 条记录尚未写入 {path}：下一次 pomoplan sync（或打开应用）时写出",
    ),
    "plan_not_here": (
        "the active plan {id} was started from {path}, which is not on this machine (another "
        "device's file?): showing {default} instead. Copy that file into {dir} (or import its "
        "note with pomoplan import), or choose a plan here with pomoplan start ID",
        "当前计划 {id} 是从 {path} 开始的，本机没有这个文件（来自另一台设备？）：暂时显示 {default}。"
        "请把该文件复制到 {dir}（或用 pomoplan import 导入其笔记），或用 pomoplan start ID 在本机选择计划",
    ),
    # re-planning: start's placement line, backlog, study-ahead, pace, replan
    "start_weekends": (
        "{title} ({id}) starts on {date} with the plan's first day; its weekend days stay on "
        "weekends (to lay the days one after another instead: add --consecutive)",
        "{title}（{id}）从 {date} 开始，当天学习计划的第一天；计划中的周末仍在周末"
        "（如要逐日连续排列：加 --consecutive）",
    ),
    "start_aligned": (
        "{title} ({id}) starts on {date} with the plan's first day: each day on its own weekday",
        "{title}（{id}）从 {date} 开始，当天学习计划的第一天：每一天都在计划写的星期",
    ),
    "start_consecutive": (
        "{title} ({id}) starts on {date} with the plan's first day, then one day after another, "
        "weekends included (to keep weekend days on weekends: leave out --consecutive)",
        "{title}（{id}）从 {date} 开始，当天学习计划的第一天，之后逐日连续排列，包括周末"
        "（如要周末内容仍在周末：去掉 --consecutive）",
    ),
    "start_as_written": (
        "{title} ({id}) starts on {date} on the weekdays the plan names; this week's earlier "
        "days are backlog (to study the plan's first day today instead: leave out --as-written)",
        "{title}（{id}）从 {date} 开始，按计划写的星期排列；本周之前的几天列入待补"
        "（如要今天就学计划的第一天：去掉 --as-written）",
    ),
    "goal": ("Today's goal: {n}/{goal} 🍅", "今日目标：{n}/{goal} 🍅"),
    "goal_met": (
        "Today's goal is met ({n}/{goal} 🍅). The next slots follow if you go on.",
        "今日目标已完成（{n}/{goal} 🍅）。如果还想继续，下面是接下来的内容。",
    ),
    "next_slots": ("Next slots:", "接下来的内容："),
    "next_section": ("Next (goal met)", "接下来（目标已完成）"),
    "projected_end": (
        "At your pace, the plan ends on {date}",
        "按目前的进度，计划将于 {date} 完成",
    ),
    "projected_short": ("ends ~{date}", "预计 {date} 完成"),
    "no_replans": ("No re-plans yet.", "还没有调整过计划。"),
    "undone_mark": ("undone", "已撤销"),
    "shifted": (
        "Moved the plan days from {date} on by {n} days ({slots} slots). Undo: pomoplan undo",
        "已将 {date} 起的计划日移动 {n} 天（{slots} 个内容）。撤销：pomoplan undo",
    ),
    "caught_up": (
        "Spread {slots} backlog slots over {days} days from {date}. Undo: pomoplan undo",
        "已将 {slots} 个待补内容分配到 {date} 起的 {days} 天。撤销：pomoplan undo",
    ),
    "replan_self_paced": (
        "a self-paced plan has no dates to move: its next slots follow what is done",
        "自定进度的计划没有日期可移动：接下来的内容按完成情况排列",
    ),
    "replan_no_plan": (
        "no active plan to re-plan: start one first (pomoplan start NAME)",
        "没有正在进行的计划：请先用 pomoplan start NAME 开始一个计划",
    ),
    "moved_from": ("{title}: {old} → {new}", "{title}：{old} → {new}"),
    "was_planned": ("first planned {n}", "原计划 {n}"),
    "key_plan": ("Plan next week", "规划下周"),
    "key_plan_long": ("plan next week", "规划下周"),
    "plan_title": ("Plan next week", "规划下周"),
    "plan_hint": (
        "c catch up · s shift · + - change · enter apply · escape cancel",
        "c 补上待补 · s 顺延 · + - 调整 · Enter 确定 · Esc 取消",
    ),
    "plan_catch_up": (
        "Catch up: the backlog over the coming study days, at most {n} extra 🍅 a day",
        "补上待补：把待补内容分配到接下来的学习日，每天最多多 {n} 个番茄",
    ),
    "plan_shift": (
        "Shift the plan's days from today by {n} days",
        "把今天起的计划日移动 {n} 天",
    ),
    "nothing_to_undo": ("nothing to undo", "没有可以撤销的操作"),
    "undid_event": ("Undid the {kind} {id}", "已撤销 {kind} {id}"),
    "and_more": ("… and {n} more", "……还有 {n} 个"),
    "replanned": (
        "Re-planned: {n} slots moved (undo: pomoplan undo)",
        "已调整计划：移动了 {n} 个内容（撤销：pomoplan undo）",
    ),
    # -- the record is the learner's: log, note, amend, delete, undo, history
    "logged": ("Logged {record}", "已记录 {record}"),
    "noted": ("Note set: {record}", "已写笔记：{record}"),
    "amended": ("Amended {record}", "已修改 {record}"),
    "deleted": ("Deleted {record} (undo brings it back)", "已删除 {record}（undo 可恢复）"),
    "undid": ("Undid {kind}{target}", "已撤销 {kind}{target}"),
    "manual": ("logged by hand", "手动记录"),
    "deleted_flag": ("deleted", "已删除"),
    "undone": ("undone", "已撤销"),
    "note_label": ("note", "笔记"),
    "change_amend": ("amended", "修改"),
    "change_note": ("note", "笔记"),
    "change_delete": ("deleted", "删除"),
    "change_log": ("logged by hand", "手动记录"),
    "history_empty": ("Nothing recorded yet.", "还没有记录。"),
    # -- statistics past a week: stats command and screen
    "stats_title": ("Stats {first} – {last}", "统计 {first} – {last}"),
    "month_names": (
        "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
        "1月 2月 3月 4月 5月 6月 7月 8月 9月 10月 11月 12月",
    ),
    "heat_less": ("less", "少"),
    "heat_more": ("more", "多"),
    "heat_planned": ("planned", "计划"),
    "days_studied": ("Days studied", "学习天数"),
    "current_streak": ("Current streak", "当前连续"),
    "longest_streak": ("Longest streak", "最长连续"),
    "total": ("Total", "合计"),
    "key_stats": ("Stats", "统计"),
    "key_note": ("Note", "笔记"),
    "note_title": ("A note on: {title}", "笔记：{title}"),
    "note_placeholder": ("what was done or learned", "做了什么、学到了什么"),
    "note_hint": ("enter: save   escape: leave as it was", "回车：保存   Esc：不改"),
    "note_offer": ("{keyname}: a note on what you did", "按 {keyname} 写一句笔记"),
    "note_none": ("No focus recorded yet to write a note on.", "还没有可以写笔记的专注记录。"),
    "note_saved": ("Note saved.", "笔记已保存。"),
    "notes": ("Notes", "笔记"),
    "key_prev_year": ("Previous year", "上一年"),
    "key_next_year": ("Next year", "下一年"),
    "plan_weeks": ("Plan, week by week (done/planned)", "计划每周（完成/计划）"),
    "plan_tracks": ("Plan by track (done/due by today)", "计划各方向（完成/截至今天应完成）"),
    "behind": ("{n} behind", "落后 {n}"),
    "of_total": ("{n} in the plan", "共 {n}"),
    # -- trust-disk: what happens when the log cannot take a write
    "cannot_keep": (
        "Cannot write the log: {error}. It could not be kept beside it either (is the disk "
        "full?): free some space; pomoplan keeps retrying and tells you before it closes.",
        "无法写入记录：{error}。也无法另行保存（磁盘满了吗？）：请腾出空间；pomoplan 会继续重试，"
        "并在退出前告诉你。",
    ),
    "took_over": (
        "The window that ran the timer has closed; this one runs it now.",
        "原先计时的窗口已关闭；现在由此窗口计时。",
    ),
    "rows_set_aside": (
        "{n} ended phase(s) could not go into the log ({error}); kept in {path}.",
        "{n} 个已结束的阶段无法写入记录（{error}）；已保存在 {path}。",
    ),
    # -- trust-clock: an activation dated after now (made while the clock was ahead)
    "plan_made_ahead": (
        "The plan in force was made active at {made_at}, later than now: the clock was ahead "
        "then, and its start date ({start}) may be too. `pomoplan start {id}` starts it again "
        "from today.",
        "当前计划的启用时间是 {made_at}，晚于现在：当时时钟快了，开始日期（{start}）可能也不对。"
        "`pomoplan start {id}` 可从今天重新开始。",
    ),
    # -- a plan started in another terminal, taken by an open app
    "plan_reload_failed": (
        "The plan in force could not be read: {message}",
        "无法读取当前计划：{message}",
    ),
    # -- on-screen fixes: shadowed plans, the slot-change prompt
    "shadowed_by_user": (
        "bundled; your own {name} has its name",
        "内置；你自己的 {name} 用了这个名字",
    ),
    "key_page": ("A page up or down", "上下翻页"),
    "key_ends": ("The first or last slot", "第一个或最后一个任务"),
    "key_move_backlog": ("Move in the backlog", "在待补列表中移动"),
    "key_adopt": ("Study the highlighted slot today", "今天学选中的任务"),
    "legend_review": (
        "▶ today  █ done  ░ planned  ↷ skipped  ✗ interrupted",
        "▶ 今天  █ 已完成  ░ 计划  ↷ 跳过  ✗ 中断",
    ),
    "key_weeks": ("Weeks", "上下周"),
    "key_years_pair": ("Years", "上下年"),
    "plan_shift_one": (
        "Shift the plan's days from today by {n} day",
        "把今天起的计划日移动 {n} 天",
    ),
    "replanned_one": (
        "Re-planned: 1 slot moved (undo: pomoplan undo)",
        "已调整计划：移动了 1 个内容（撤销：pomoplan undo）",
    ),
    "move_focus_title": ("A focus is paused", "有一个专注暂停着"),
    "move_focus_body": (
        "{focused} focused on “{paused_on}”. Count this focus for “{chosen}” instead?",
        "已在“{paused_on}”上专注 {focused}。把这次专注改记到“{chosen}”吗？",
    ),
    "move_focus_hint": (
        "enter: count it for the new slot   escape: keep it where it was",
        "回车：改记到新任务   Esc：留在原任务",
    ),
}


def set_language(lang: str) -> None:
    """Use ``en`` or ``zh`` from now on."""
    _LANG[0] = "zh" if lang == "zh" else "en"


def language() -> str:
    """The language in force."""
    return _LANG[0]


def t(key: str, /, **values: Any) -> str:
    """The string for ``key`` in the language in force, formatted with ``values``.

    Raises:
        KeyError: ``key`` is not a string of the table (a test checks every key used is).
    """
    pair = STRINGS[key]
    text = pair[1] if _LANG[0] == "zh" else pair[0]
    return text.format(**values) if values else text


def day_message(view: DayView, start: date, end: date | None) -> str:
    """What to say about a day with no slots of its own ("" on a study day), for a plan that
    started on ``start`` and ends on ``end`` (None for a self-paced one)."""
    if view.status == "study":
        return ""
    if view.status == "rest":
        return t("rest_message", note=view.note or "")
    if view.status == "before_start":
        return t("before_start", start=start.isoformat())
    if view.status == "after_end":
        return t("after_end", end=str(end))
    if view.status == "finished":
        return t("finished")
    return t("free_day")


def cells(text: str) -> int:
    """Terminal cells ``text`` takes (wide CJK characters count 2)."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, width: int) -> str:
    """Pad ``text`` with spaces to ``width`` terminal cells (wide CJK characters count 2)."""
    return text + " " * max(0, width - cells(text))


def days(n: int) -> str:
    """``1 day``, ``3 days`` (``1 天``, ``3 天``)."""
    return t("days_one" if n == 1 else "days", n=n)


def weekday_name(weekday: int) -> str:
    """Mon..Sun or 周一..周日."""
    return t("weekdays").split()[weekday]
