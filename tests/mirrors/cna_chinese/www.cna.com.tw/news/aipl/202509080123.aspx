<!DOCTYPE html>
<!-- Mirror page, hand-written. Follows the CNA family markup (SOURCES-NOTES §18/§20: rsshub cna/utils.ts,
     news-scraper news_cna.js, foursides): h1 > span title, div.updatetime span "YYYY/MM/DD HH:MM" (Taipei),
     div.centralContent div.paragraph p, div.author, meta article:tag, div.SubscriptionInner to drop.
     Confidence: medium (Chinese site), low-medium (Focus Taiwan). -->
<html lang="zh-Hant-TW"><head><meta charset="utf-8"><title>立法院三讀國防特別預算 賴清德：持續強化自我防衛 | 中央社 CNA</title>
<meta property="og:title" content="立法院三讀國防特別預算 賴清德：持續強化自我防衛"><meta property="og:url" content="https://www.cna.com.tw/news/aipl/202509080123.aspx"><meta property="og:image" content="https://imgcdn.cna.com.tw/news/photo.jpg">
<meta property="article:tag" content="政治"></head>
<body><div class="wrapper"><ul class="main-menu"><li class="active"><a href="#">政治</a></li></ul>
<div class="centralContent"><h1><span>立法院三讀國防特別預算 賴清德：持續強化自我防衛</span></h1>
<div class="timeBox"><div class="updatetime"><span>2025/09/08 16:05</span></div></div>
<div class="author">記者溫貴香</div>
<div class="paragraph"><p>（中央社記者溫貴香台北8日電）立法院會今天三讀通過國防特別預算案修正版本，執政的民進黨與在野的國民黨歷經數週協商後達成共識。</p>
<p>預算內容包括採購無人機、反艦飛彈及防空系統，國防部表示，這些裝備有助於嚇阻中國可能的軍事威脅。國民黨立委先前以資訊不透明為由刪減部分預算。</p>
<p>總統賴清德表示，感謝朝野立委支持，政府將持續強化國家自我防衛能力，守護台灣的民主自由。</p>
<p>行政院長卓榮泰也說，政府會依法執行預算，並定期向立法院報告執行進度。（編輯：林克倫）1140908</p>
<div class="SubscriptionInner"><p>訂閱中央社電子報</p></div></div>
<div class="gmailNews"><a href="#">Google News</a></div></div></div></body></html>
