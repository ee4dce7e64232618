"""The Discord adapter's own words, in the three reply languages, and the language of a Discord locale."""

from __future__ import annotations

import discord

from bot.core.script import Lang

LIST_HINT = {
    Lang.SIMPLIFIED: "用 `/faq list` 查看全部问题。",
    Lang.TRADITIONAL: "用 `/faq list` 查看全部問題。",
    Lang.ENGLISH: "Use `/faq list` to see every question.",
}
NOT_YOURS = {
    Lang.SIMPLIFIED: "这些选项只属于提问的人；你可以用 `/faq ask` 问自己的问题。",
    Lang.TRADITIONAL: "這些選項只屬於提問的人；你可以用 `/faq ask` 問自己的問題。",
    Lang.ENGLISH: "These buttons belong to the member who asked; ask your own question with `/faq ask`.",
}
ASK_USAGE = {
    Lang.SIMPLIFIED: "请把问题写在后面，例如：{example} 保号卡怎么充值？（也可以用 `/faq ask`）",
    Lang.TRADITIONAL: "請把問題寫在後面，例如：{example} 保號卡怎麼儲值？（也可以用 `/faq ask`）",
    Lang.ENGLISH: "Put your question after it, e.g. {example} how do I top up? (or use `/faq ask`)",
}
LIST_TITLE = {
    Lang.SIMPLIFIED: "FAQ 问题列表",
    Lang.TRADITIONAL: "FAQ 問題列表",
    Lang.ENGLISH: "FAQ questions",
}
PAGE = {
    Lang.SIMPLIFIED: "第 {page}/{pages} 页 · 共 {count} 条",
    Lang.TRADITIONAL: "第 {page}/{pages} 頁 · 共 {count} 條",
    Lang.ENGLISH: "Page {page}/{pages} · {count} entries",
}

VOTE_THANKS = {
    Lang.SIMPLIFIED: {1: "谢谢反馈，已记下：有帮助。", -1: "谢谢反馈，已记下：没帮上忙。管理员会据此改进答案。"},
    Lang.TRADITIONAL: {1: "謝謝回饋，已記下：有幫助。", -1: "謝謝回饋，已記下：沒幫上忙。管理員會據此改進答案。"},
    Lang.ENGLISH: {1: "Thanks, noted: helpful.", -1: "Thanks, noted: not helpful. Admins use this to improve answers."},
}
ENTRY_GONE = {
    Lang.SIMPLIFIED: "这个条目已经不在 FAQ 里了，投票没有记录。",
    Lang.TRADITIONAL: "這個條目已經不在 FAQ 裡了，投票沒有記錄。",
    Lang.ENGLISH: "That entry is no longer in the FAQ, so the vote was not recorded.",
}


def lang_of_locale(locale: discord.Locale | None) -> Lang:
    """Return the reply language for a member's Discord client language: Chinese as set, else English."""
    if locale is discord.Locale.taiwan_chinese:
        return Lang.TRADITIONAL
    return Lang.SIMPLIFIED if locale is discord.Locale.chinese else Lang.ENGLISH
