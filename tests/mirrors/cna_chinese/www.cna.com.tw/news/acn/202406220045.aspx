<!DOCTYPE html>
<!-- Mirror page, hand-written. Follows the CNA family markup (SOURCES-NOTES §18/§20: rsshub cna/utils.ts,
     news-scraper news_cna.js, foursides): h1 > span title, div.updatetime span "YYYY/MM/DD HH:MM" (Taipei),
     div.centralContent div.paragraph p, div.author, meta article:tag, div.SubscriptionInner to drop.
     Confidence: medium (Chinese site), low-medium (Focus Taiwan). -->
<html lang="zh-Hant-TW"><head><meta charset="utf-8"><title>陸委會譴責中共懲治台獨意見 呼籲國人避免赴陸 | 中央社 CNA</title>
<meta property="og:title" content="陸委會譴責中共懲治台獨意見 呼籲國人避免赴陸"><meta property="og:url" content="https://www.cna.com.tw/news/acn/202406220045.aspx"><meta property="og:image" content="https://imgcdn.cna.com.tw/news/photo.jpg">
<meta property="article:tag" content="兩岸"></head>
<body><div class="wrapper"><ul class="main-menu"><li class="active"><a href="#">兩岸</a></li></ul>
<div class="centralContent"><h1><span>陸委會譴責中共懲治台獨意見 呼籲國人避免赴陸</span></h1>
<div class="timeBox"><div class="updatetime"><span>2024/06/22 13:40</span></div></div>
<div class="author">記者邱國強</div>
<div class="paragraph"><p>（中央社記者邱國強台北22日電）中國大陸公布所謂懲治「台獨頑固分子」意見，陸委會今天嚴厲譴責，強調中共對台灣沒有任何司法管轄權。</p>
<p>陸委會指出，中共此舉嚴重挑釁兩岸人民，國人如無必要，應避免前往中國大陸、香港及澳門，以確保自身安全。</p>
<p>行政院長卓榮泰表示，政府不會被恫嚇，將全力保障國人安全，並持續與理念相近國家合作維護台海和平穩定。</p>
<p>國民黨也表示，反對任何片面改變現狀的作為，呼籲兩岸透過對話化解分歧。（編輯：林憬屏）1130622</p>
<div class="SubscriptionInner"><p>訂閱中央社電子報</p></div></div>
<div class="gmailNews"><a href="#">Google News</a></div></div></div></body></html>
