"""The Matrix adapter's own words, in the three reply languages."""

from __future__ import annotations

from bot.core.script import Lang

USAGE = {
    Lang.SIMPLIFIED: "请把问题写在后面，例如：{prefix} 保号卡怎么充值？ 发送 {prefix} help 查看全部用法。",
    Lang.TRADITIONAL: "請把問題寫在後面，例如：{prefix} 保號卡怎麼儲值？ 發送 {prefix} help 查看全部用法。",
    Lang.ENGLISH: "Put your question after it, e.g. {prefix} how do I top up? Send {prefix} help for more.",
}
HELP = """\
{prefix} <question>: ask the FAQ (or mention me with your question)
{prefix} <number>, or just the number: pick one of the topics I offered you
{prefix} list (or {prefix} list en): every question and its id
{prefix} show <id> (or {prefix} show <id> en): one entry by its id
{prefix} reload, {prefix} stats: admins only
React with 👍 or 👎 to an answer to tell whether it helped."""
LIST_HINT = {
    Lang.SIMPLIFIED: "发送 {prefix} list 查看全部问题。",
    Lang.TRADITIONAL: "發送 {prefix} list 查看全部問題。",
    Lang.ENGLISH: "Send {prefix} list to see every question.",
}
LIST_TITLE = {
    Lang.SIMPLIFIED: "FAQ 问题列表（{prefix} show <id> 查看一条）：",
    Lang.TRADITIONAL: "FAQ 問題列表（{prefix} show <id> 查看一條）：",
    Lang.ENGLISH: "FAQ questions ({prefix} show <id> shows one):",
}
LIST_MORE = "… {count} more: `faqbot check` or the corpus folder lists them all."
NO_PENDING = {
    Lang.SIMPLIFIED: "请发送我列出的编号之一，或者重新提问（列表 10 分钟后失效）。",
    Lang.TRADITIONAL: "請發送我列出的編號之一，或者重新提問（列表 10 分鐘後失效）。",
    Lang.ENGLISH: "Send one of the numbers I listed, or ask again (a list expires after 10 minutes).",
}
ENCRYPTED = (
    "I can't read encrypted messages, so I can't answer in this room. "
    "Ask me in a room without encryption. / 我无法读取加密消息，请在未加密的房间里提问。"
)
