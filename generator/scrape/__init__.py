"""The scraper: raw pages (URLs, saved HTML, text dumps) to articles in content/.

It never imports the build; the build never imports it. Their contract is
generator.contentfile: front-matter plus Markdown.
"""
