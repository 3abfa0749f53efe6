"""UI strings and date formats per language family (a post's `lang` or the site's)."""

from __future__ import annotations

from datetime import datetime

from generator import section_kinds

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_STRINGS: dict[str, dict[str, str]] = {
    "zh": {
        "reading_time": "阅读时间约 {n} 分钟",
        "tags": "标签",
        "categories": "分类",
        "archive": "归档",
        "home": "首页",
        "previous": "上一篇",
        "next": "下一篇",
        "newer": "较新的文章",
        "older": "较早的文章",
        "page_n": "第 {n} 页",
        "related": "相关文章",
        "toc": "目录",
        "author": "作者",
        "published": "发布时间",
        "updated": "更新于",
        "posts_tagged": "标签：{name}",
        "posts_in_category": "分类：{name}",
        "all_tags": "全部标签",
        "feed": "订阅",
        "not_found": "页面不存在",
        "not_found_text": "你要找的页面不存在或已被移动。",
        "back_home": "返回首页",
        "draft": "草稿",
        "scheduled": "定时发布",
        "skip": "跳到正文",
        "post_count": "{n} 篇",
        "menu": "菜单",
        "footnotes": "脚注",
        "translated_from": "原文",
        "colon": "：",
        "theme_auto": "配色：跟随系统",
        "theme_light": "配色：浅色",
        "theme_dark": "配色：深色",
        "copy_button": "复制",
        "copied": "已复制",
        "moved_title": "页面已移动",
        "moved_to": "本页已移至",
        "other_languages": "其他语言",
        "list_separator": "、",
        "search": "搜索",
        "search_label": "搜索本站",
        "search_results": "找到 {n} 篇",
        "search_none": "没有找到与“{q}”相关的内容。",
        "search_needs_js": "站内搜索需要启用 JavaScript。",
        "search_unavailable": "搜索索引不可用。",
        "language": "语言",
        "search_more": "显示更多",
        "n_more": "另 {n} 个",
        "series": "系列",
        "series_named": "系列：{name}",
        "series_part": "第 {n} 篇，共 {m} 篇",
        "series_box": "本文属于系列",
        "sources_all": "来源",
        "sources_from": "来源：{name}",
        "sources_intro": "本站文章所依据和引用的媒体与原文，每篇原文下是写到它的文章。",
        "more_on_article": "关于这篇原文的更多文章",
        "more_from_outlet": "更多来自 {name} 的文章",
        "all_from_outlet": "{name} 的全部原文",
        "articles_count": "{n} 篇原文",
        "ai_badge": "AI",
        "ai_summary": "【{label}】",
        "markdown_copy": "Markdown 版本",
        "web_page": "网页",
        "llms_posts": "文章",
        "llms_pages": "页面",
        "llms_optional": "Optional",
        "llms_full": "全部文章的 Markdown 合集",
        "llms_about": "每篇文章和页面都有 Markdown 版本：在它的网址后加 index.md。",
        "llms_omitted": "篇较早的文章因 llms-full.txt 的大小上限未收入，见 llms.txt 中的列表。",
    },
    "en": {
        "reading_time": "{n} min read",
        "tags": "Tags",
        "categories": "Categories",
        "archive": "Archive",
        "home": "Home",
        "previous": "Previous",
        "next": "Next",
        "newer": "Newer posts",
        "older": "Older posts",
        "page_n": "Page {n}",
        "related": "Related posts",
        "toc": "Contents",
        "author": "Author",
        "published": "Published",
        "updated": "Updated",
        "posts_tagged": "Tagged “{name}”",
        "posts_in_category": "Category “{name}”",
        "all_tags": "All tags",
        "feed": "Feed",
        "not_found": "Page not found",
        "not_found_text": "The page you are looking for does not exist or has moved.",
        "back_home": "Back to the home page",
        "draft": "Draft",
        "scheduled": "Scheduled",
        "skip": "Skip to content",
        "post_count": "{n} posts",
        "menu": "Menu",
        "footnotes": "Footnotes",
        "translated_from": "Original",
        "colon": ": ",
        "theme_auto": "Theme: system",
        "theme_light": "Theme: light",
        "theme_dark": "Theme: dark",
        "copy_button": "Copy",
        "copied": "Copied",
        "moved_title": "Page moved",
        "moved_to": "This page has moved to",
        "other_languages": "Other languages",
        "list_separator": ", ",
        "search": "Search",
        "search_label": "Search this site",
        "search_results": "{n} found",
        "search_none": "Nothing found for “{q}”.",
        "search_needs_js": "Searching this site needs JavaScript.",
        "search_unavailable": "The search index is not available.",
        "language": "Language",
        "search_more": "Show more",
        "n_more": "{n} more",
        "series": "Series",
        "series_named": "Series “{name}”",
        "series_part": "Part {n} of {m}",
        "series_box": "This post is part of a series",
        "sources_all": "Sources",
        "sources_from": "Sources: {name}",
        "sources_intro": "The outlets and articles this site's posts are based on or cite, each article with the posts about it.",
        "more_on_article": "More on this article",
        "more_from_outlet": "More from {name}",
        "all_from_outlet": "Every article from {name}",
        "articles_count": "{n} articles",
        "ai_badge": "AI",
        "ai_summary": "[{label}] ",
        "markdown_copy": "Markdown version",
        "web_page": "Web page",
        "llms_posts": "Posts",
        "llms_pages": "Pages",
        "llms_optional": "Optional",
        "llms_full": "Every post in Markdown, in one file",
        "llms_about": "Every post and page is also in Markdown: add index.md to its URL.",
        "llms_omitted": "older posts are left out of llms-full.txt by its size limit; llms.txt lists them all.",
    },
}


# With each section kind's label (section_kinds.py), under the kind's name.
STRINGS = {fam: {**strings, **section_kinds.labels(fam)} for fam, strings in _STRINGS.items()}


def family(lang: str) -> str:
    """ "zh-CN", "zh-Hant", "zh" → "zh"; anything else we have no strings for → "en"."""
    prefix = lang.split("-")[0].split("_")[0].lower()
    return prefix if prefix in STRINGS else "en"


def ui(lang: str) -> dict[str, str]:
    return STRINGS[family(lang)]


def format_date(when: datetime, lang: str) -> str:
    """2026年02月06日 / Feb 6, 2026."""
    if family(lang) == "zh":
        return f"{when.year}年{when.month:02d}月{when.day:02d}日"
    return f"{_MONTHS[when.month - 1]} {when.day}, {when.year}"


def format_month_day(iso: str, lang: str) -> str:
    """A date under its month's heading (the archive), in one format per language:
    01月18日 / Jan 18."""
    when = datetime.fromisoformat(iso)
    if family(lang) == "zh":
        return f"{when.month:02d}月{when.day:02d}日"
    return f"{_MONTHS[when.month - 1]} {when.day}"


def format_month(year: int, month: int, lang: str) -> str:
    if family(lang) == "zh":
        return f"{year}年{month:02d}月"
    return f"{_MONTHS[month - 1]} {year}"
