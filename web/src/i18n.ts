/**
 * Every user-facing string of the client, in Simplified Chinese (the default) and English.
 * `t(key, params)` fills `{name}` placeholders. The choice of language is remembered in
 * localStorage. Matter names and their requirements come from domain/matters.ts, and API
 * refusals carry their own bilingual message.
 */
import { ApiError, NetworkError } from "./api";
import { NotSignedInError } from "./auth";
import { KeyError, MIN_PIN_LENGTH } from "./keys";
import { fillTemplate } from "../../domain/template";

export type Lang = "zh-CN" | "en";

const STORAGE = "cl.lang";

type Entry = { zh: string; en: string };

const dict: Record<string, Entry> = {
  // shell
  "app.name": { zh: "小区共治账本", en: "Community Ledger" },
  "app.title": { zh: "小区共治账本 · 业主表决", en: "Community Ledger · Owner voting" },
  "nav.label": { zh: "主菜单", en: "Main menu" },
  "nav.proposals": { zh: "表决事项", en: "Votes" },
  "nav.committee": { zh: "业委会", en: "Committee" },
  "nav.account": { zh: "我的账户", en: "My account" },
  "header.signedInAs": { zh: "已登录", en: "Signed in" },
  "header.notSignedIn": { zh: "未登录", en: "Not signed in" },
  "lang.switch": { zh: "English", en: "中文" },
  "textSize.switch": { zh: "大字", en: "Large text" },
  "table.region": { zh: "表格（可左右滚动）", en: "Table (scrolls sideways)" },
  "textSize.label": { zh: "大字模式：更大的字和按钮", en: "Large text: bigger letters and buttons" },
  "notFound.title": { zh: "找不到这个页面", en: "Page not found" },
  "notFound.back": { zh: "回到表决事项列表", en: "Back to the list of votes" },
  "common.loading": { zh: "正在加载……", en: "Loading…" },
  "common.backToList": { zh: "返回表决事项列表", en: "Back to all votes" },
  "common.yes": { zh: "是", en: "Yes" },
  "common.no": { zh: "否", en: "No" },
  "unit.m2": { zh: "平方米", en: "m²" },
  "time.days": { zh: "{n} 天", en: "{n} d" },
  "time.hours": { zh: "{n} 小时", en: "{n} h" },
  "time.minutes": { zh: "{n} 分钟", en: "{n} min" },
  "time.lessThanMinute": { zh: "不到 1 分钟", en: "less than a minute" },

  // errors
  "error.network": { zh: "连接不上服务器，请检查网络后再试。", en: "Cannot reach the server. Check the connection and try again." },
  "error.unknown": { zh: "出了点问题：", en: "Something went wrong: " },
  "key.WRONG_PIN": { zh: "PIN 码不对，请再试一次。", en: "Wrong PIN. Please try again." },
  "key.PIN_TOO_SHORT": { zh: "PIN 码至少要 {n} 位。", en: "The PIN needs at least {n} characters." },
  "key.BAD_KEY": { zh: "这不是有效的私钥：应是 64 位十六进制数字（可带 0x）。", en: "This is not a valid private key: it must be 64 hexadecimal digits (0x optional)." },
  "key.BAD_BACKUP": { zh: "这不是本系统的密钥备份文件，或文件已损坏。", en: "This is not a key backup file of this system, or it is damaged." },
  "key.NO_WALLET": { zh: "这个浏览器没有钱包插件。", en: "This browser has no wallet extension." },
  "key.LOCKED": { zh: "请先到“我的账户”登录（输入 PIN 码解锁）。", en: "Please sign in first on “My account” (unlock with your PIN)." },
  "key.INSECURE_CONTEXT": { zh: "这个网页不是通过安全连接（https）打开的，浏览器不允许加密保存密钥。请用 https 地址或本机地址打开。", en: "This page was not opened over a secure connection (https), so the browser cannot encrypt a key. Open it over https or on localhost." },
  "key.WALLET_REFUSED": { zh: "钱包拒绝了请求。", en: "The wallet refused the request." },

  // list
  "list.title": { zh: "表决事项", en: "Votes" },
  "list.lead": { zh: "点击事项标题，查看内容、投票进度和投票入口。", en: "Click a title to read it, follow the count and vote." },
  "list.noCommunities": { zh: "还没有登记任何小区。", en: "No community is registered yet." },
  "list.noProposals": { zh: "这个小区暂时没有表决事项。", en: "This community has no votes yet." },
  "list.communityMeta": { zh: "{buildings} 栋楼 · {units} 套房屋", en: "{buildings} buildings · {units} units" },
  "list.opensAt": { zh: "{time} 开始投票", en: "Voting opens {time}" },
  "list.closesAt": { zh: "{time} 截止投票", en: "Voting closes {time}" },
  "list.closedAt": { zh: "{time} 已截止", en: "Closed {time}" },
  "list.electorate": { zh: "{count} 名业主，共 {area}", en: "{count} {count|owner|owners}, {area} in total" },

  "status.notice": { zh: "公示中", en: "Public notice" },
  "status.voting": { zh: "投票中", en: "Voting open" },
  "status.closed": { zh: "已截止", en: "Voting closed" },
  "status.provisional": { zh: "询异公示中", en: "Objection period" },
  "status.final": { zh: "已生效", en: "Final" },
  "outcome.Passed": { zh: "通过", en: "Passed" },
  "outcome.Rejected": { zh: "未通过", en: "Not passed" },
  "outcome.NoQuorum": { zh: "参与人数不足", en: "Too few took part" },
  "matter.unknown": { zh: "未知事项（{n}）", en: "Unknown matter ({n})" },

  // proposal
  "proposal.text": { zh: "事项全文", en: "Full text" },
  "proposal.noText": { zh: "服务器上没有找到全文。", en: "The full text is not on the server." },
  "proposal.textHash": { zh: "全文指纹（哈希）", en: "Text fingerprint (hash)" },
  "proposal.whatItNeeds": { zh: "怎样才算通过", en: "What it needs to pass" },
  "proposal.scope": { zh: "表决范围", en: "Who votes" },
  "proposal.owners": { zh: "业主人数", en: "Owners" },
  "proposal.ownersValue": { zh: "{n} 人", en: "{n}" },
  "proposal.area": { zh: "专有部分面积合计", en: "Total exclusive area" },
  "proposal.entries": { zh: "名册条目数", en: "Roll entries" },
  "proposal.meeting": { zh: "会议类型", en: "Meeting" },
  "proposal.adHoc": { zh: "临时会议", en: "Ad hoc meeting" },
  "proposal.window": { zh: "时间安排", en: "Timetable" },
  "proposal.checkRoll": { zh: "核对我的名册条目", en: "Check my roll entry" },
  "proposal.verifyLink": { zh: "独立核验计票结果", en: "Verify the count yourself" },
  "scope.community": { zh: "全体业主", en: "All owners of the community" },
  "scope.buildings": { zh: "以下楼栋的业主：{ids}", en: "Owners in building(s) {ids}" },
  "scope.units": { zh: "以下房屋的业主：{ids}", en: "Owners of unit(s) {ids}" },
  "window.published": { zh: "发布（开始公示）", en: "Published (notice begins)" },
  "window.voting": { zh: "投票时间", en: "Voting" },
  "window.extended": { zh: "已延长一次", en: "extended once" },
  "window.objectionEnd": { zh: "询异公示截止", en: "Objection period ends" },
  "window.rules": { zh: "本次表决的规则（发布时确定）", en: "Rules of this vote (fixed when published)" },
  "window.rulesChange": {
    zh: "投票截止前可以改票；结果询异公示 {days} 天",
    en: "Ballots may be changed until voting closes; objection period of {days} days after the result",
  },
  "window.rulesNoChange": {
    zh: "投票后不能改票；结果询异公示 {days} 天",
    en: "A ballot cannot be changed once cast; objection period of {days} days after the result",
  },
  "window.chainTime": { zh: "区块链当前时间（北京时间）", en: "Chain time now (Beijing time)" },
  "window.closesAt": { zh: "投票截止：{time}（还有 {d}）", en: "Voting closes {time} (in {d})" },
  "window.opensIn": { zh: "距开始投票还有 {d}", en: "Voting opens in {d}" },
  "window.closesIn": { zh: "距投票截止还有 {d}", en: "Voting closes in {d}" },
  "window.closed": { zh: "投票已截止", en: "Voting has closed" },

  "progress.title": { zh: "投票进度", en: "How the vote stands" },
  "progress.explain": {
    zh: "竖线是法定要求的位置。彩条越过竖线，说明这一项已经达到要求。每 3 秒自动更新。",
    en: "The vertical line marks what the law requires. When the bar passes the line, that requirement is met. Updates every 3 seconds.",
  },
  "progress.turnout": { zh: "一、参与表决的业主够不够", en: "1. Have enough owners taken part?" },
  "progress.turnoutArea": { zh: "参与表决的面积", en: "Area of owners who took part" },
  "progress.turnoutHeadcount": { zh: "参与表决的人数", en: "Owners who took part" },
  "progress.people": { zh: "{a} / {b} 人", en: "{a} / {b} {b|owner|owners}" },
  "progress.leading": { zh: "二、目前领先的选项“{option}”够不够", en: "2. Is the leading option “{option}” approved?" },
  "progress.forOption": { zh: "二、“{option}”够不够", en: "2. Is “{option}” approved?" },
  "progress.noLeader": { zh: "二、还没有人投赞成或反对", en: "2. Nobody has voted for an option yet" },
  "progress.approvalArea": { zh: "“{option}”的面积（占参与表决面积）", en: "Area for “{option}” (of the area that took part)" },
  "progress.approvalHeadcount": { zh: "“{option}”的人数（占参与表决人数）", en: "Owners for “{option}” (of those who took part)" },
  "progress.noVotesYet": { zh: "还没有可比较的票。", en: "No votes to compare yet." },
  "progress.unavailable": { zh: "暂时无法计算进度。", en: "Progress cannot be computed now." },
  "progress.tallies": { zh: "各选项得票", en: "Votes per option" },
  "progress.met": { zh: "已达到", en: "Met" },
  "progress.notMet": { zh: "未达到", en: "Not yet" },
  "threshold.twoThirds": { zh: "三分之二", en: "two thirds" },
  "threshold.half": { zh: "过半数", en: "more than half" },
  "threshold.threeQuarters": { zh: "四分之三", en: "three quarters" },
  "threshold.needArea": { zh: "要求{word}：至少 {min} 平方米", en: "Needs {word}: at least {min} m²" },
  "threshold.needPeople": { zh: "要求{word}：至少 {min} 人", en: "Needs {word}: at least {min} {min|owner|owners}" },
  "tally.option": { zh: "选项", en: "Option" },
  "tally.area": { zh: "面积（平方米）", en: "Area (m²)" },
  "tally.headcount": { zh: "人数", en: "Owners" },
  "tally.abstainNote": { zh: "弃权也算参与表决", en: "abstaining counts as taking part" },
  "result.title": { zh: "表决结果", en: "Result" },
  "result.Passed": { zh: "通过：“{option}”", en: "Passed: “{option}”" },
  "result.Rejected": { zh: "未通过：参与的业主够了，但没有选项达到同意的要求。", en: "Not passed: enough owners took part, but no option was approved by enough of them." },
  "result.NoQuorum": { zh: "未通过：参与表决的业主不足三分之二。", en: "Not passed: fewer than two thirds of the owners took part." },
  "result.provisional": { zh: "这是初步结果，{time} 前为询异公示期，业主可以提出异议。", en: "This is the preliminary result. Owners may object until {time}." },
  "result.final": { zh: "询异公示期已过，结果已生效。", en: "The objection period is over: the result is final." },
  "result.mayExtend": { zh: "业委会可以公开延长一次投票期。", en: "The committee may extend the vote once, publicly." },

  "anyone.finalizeTitle": { zh: "计票", en: "Count the votes" },
  "anyone.finalizeHint": { zh: "投票已截止。任何人都可以按下按钮，由区块链上的合约计票，结果进入询异公示。", en: "Voting has closed. Anyone may press the button: the contract on the chain counts the votes and the result goes into its objection period." },
  "anyone.confirmTitle": { zh: "确认结果生效", en: "Make the result final" },
  "anyone.confirmHint": { zh: "询异公示期已过。任何人都可以按下按钮，让结果正式生效。", en: "The objection period is over. Anyone may press the button to make the result final." },
  "anyone.finalize": { zh: "计票", en: "Count the votes" },
  "anyone.confirm": { zh: "确认生效", en: "Make final" },
  "anyone.sent": { zh: "已提交，状态：{status}", en: "Sent. Status: {status}" },
  "anyone.done": { zh: "已完成。", en: "Done." },

  // vote
  "vote.title": { zh: "投票", en: "Vote" },
  "vote.signInFirst": { zh: "投票前请先登录（在本机输入 PIN 码解锁您的密钥）。", en: "Please sign in before voting (unlock your key in this browser with your PIN)." },
  "vote.goSignIn": { zh: "去登录", en: "Sign in" },
  "vote.notInRoll": { zh: "您登录的地址不在这次表决的业主名册里。如果您认为有误，请在公示期内向业委会提出。", en: "The address you signed in with is not on this vote's roll. If you think this is wrong, tell the committee during the notice period." },
  "vote.yourEntries": { zh: "您可以为以下房屋投票", en: "You can vote for" },
  "vote.entryCheckbox": { zh: "为条目 {id} 投票", en: "Vote for entry {id}" },
  "vote.voteForThis": { zh: "为这一项投票", en: "Vote for this one" },
  "vote.entryLine": { zh: "名册条目 {id} · 面积 {area} · {n} 人", en: "Roll entry {id} · area {area} · {n} owner(s)" },
  "vote.counted": { zh: "已计入：“{option}”（{kind}）", en: "Counted: “{option}” ({kind})" },
  "vote.inBlock": { zh: "区块 {block}", en: "block {block}" },
  "vote.myChoice": { zh: "已投“{option}”", en: "Voted “{option}”" },
  "vote.noBallotYet": { zh: "还没有投票", en: "Not voted yet" },
  "vote.notOpenYet": { zh: "还没到投票时间，{time} 开始。", en: "Voting has not opened yet. It opens {time}." },
  "vote.closed": { zh: "投票已经截止。", en: "Voting has closed." },
  "vote.changeNotAllowed": { zh: "您已经投过票。本小区规定投票后不能更改。", en: "You have voted. This community's rules do not allow changing a ballot." },
  "vote.chooseOne": { zh: "请选择一项", en: "Choose one" },
  "vote.deadlineNote": { zh: "您的签名在 {time} 投票截止时失效。", en: "Your signature expires when voting closes, {time}." },
  "vote.submit": { zh: "投票", en: "Vote" },
  "vote.change": { zh: "更改我的投票", en: "Change my vote" },
  "vote.changeHint": { zh: "您已投过票。截止前可以更改，以最后一次为准。", en: "You have voted. You may change it until voting closes; the last one counts." },
  "vote.pickFirst": { zh: "请先选择一个选项。", en: "Please choose an option first." },
  "vote.pickEntry": { zh: "请至少勾选一个要投票的条目。", en: "Please tick at least one entry to vote for." },
  "vote.sent": { zh: "选票已签名并提交，正在写入区块链。", en: "Your ballot is signed and sent; it is being written to the chain." },
  "role.owner": { zh: "业主本人", en: "Owner" },
  "role.proxy": { zh: "受委托代投", en: "Proxy" },
  "ballotKind.electronic": { zh: "电子票", en: "electronic" },
  "ballotKind.paper": { zh: "纸质票", en: "paper" },

  "mine.title": { zh: "我的选票", en: "My ballot" },
  "mine.entry": { zh: "名册条目 {id}", en: "Roll entry {id}" },
  "mine.choice": { zh: "选择“{option}”", en: "Chose “{option}”" },
  "mine.status": { zh: "状态", en: "Status" },
  "mine.tx": { zh: "交易哈希", en: "Transaction" },
  "mine.block": { zh: "区块号", en: "Block" },
  "mine.reason": { zh: "原因", en: "Reason" },
  "mine.verify": { zh: "去独立核验我的选票是否按我的选择计入", en: "Verify that my ballot was counted as I cast it" },
  "receipt.accepted": { zh: "已收到", en: "received" },
  "receipt.submitted": { zh: "正在上链", en: "being written to the chain" },
  "receipt.confirmed": { zh: "已记入区块链", en: "recorded on the chain" },
  "receipt.rejected": { zh: "未被计入", en: "not counted" },
  "receipt.failed": { zh: "提交失败", en: "failed" },
  "reject.VotingNotOpen": { zh: "不在投票时间内", en: "Voting was not open" },
  "reject.Expired": { zh: "签名已过期", en: "The signature had expired" },
  "reject.BadChoice": { zh: "没有这个选项", en: "No such option" },
  "reject.NotInRoll": { zh: "不在业主名册中", en: "Not on the roll" },
  "reject.BadSignature": { zh: "签名无效", en: "Invalid signature" },
  "reject.WrongSigner": { zh: "签名人无权为这一条目投票", en: "The signer may not vote for this entry" },
  "reject.NonceUsed": { zh: "这张选票已经提交过（或已有更新的选票）", en: "This ballot was already submitted (or a newer one exists)" },
  "reject.ChangeNotAllowed": { zh: "本小区不允许更改选票", en: "This community does not allow changing a ballot" },
  "reject.NonceExhausted": { zh: "更改次数已达上限", en: "Too many changes" },
  "reject.NotCounted": { zh: "合约没有计入这张选票", en: "The contract did not count this ballot" },

  // roll
  "roll.title": { zh: "业主名册（事项 #{id}）", en: "Electorate roll (vote #{id})" },
  "roll.lead": { zh: "名册在公示期内公开，业主可以核对自己的房屋、面积和人数。如有错误，请在公示期内向业委会提出。", en: "The roll is public during the notice period so owners can check their units, area and headcount. Report mistakes to the committee during the notice period." },
  "roll.back": { zh: "返回表决事项", en: "Back to the vote" },
  "roll.totals": { zh: "名册合计", en: "Roll totals" },
  "roll.root": { zh: "名册指纹（默克尔根）", en: "Roll fingerprint (Merkle root)" },
  "roll.rootHint": { zh: "这个指纹已写在区块链上，名册的任何改动都会让它对不上。", en: "This fingerprint is written on the chain; any change to the roll would make it differ." },
  "roll.findMine": { zh: "查找我的条目", en: "Find my entry" },
  "roll.searchLabel": { zh: "地址", en: "Address" },
  "roll.searchHint": { zh: "输入以 0x 开头的地址。已登录时已自动填好。", en: "An address starting with 0x. Filled in for you when you are signed in." },
  "roll.search": { zh: "查找", en: "Search" },
  "roll.badAddress": { zh: "地址格式不对：应是 0x 开头的 42 位字符。", en: "Not an address: it must be 42 characters starting with 0x." },
  "roll.notFound": { zh: "名册中没有这个地址。", en: "This address is not on the roll." },
  "roll.all": { zh: "全部条目", en: "All entries" },
  "roll.entryId": { zh: "条目号", en: "Entry" },
  "roll.units": { zh: "房屋", en: "Units" },
  "roll.area": { zh: "面积", en: "Area" },
  "roll.headcount": { zh: "人数", en: "Headcount" },
  "roll.role": { zh: "身份", en: "Role" },
  "roll.voters": { zh: "可投票地址", en: "Voting addresses" },
  "roll.noVoter": { zh: "未绑定（可投纸质票）", en: "none bound (paper ballot)" },
  "roll.prev": { zh: "上一页", en: "Previous" },
  "roll.next": { zh: "下一页", en: "Next" },
  "roll.showing": { zh: "第 {from}–{to} 条，共 {total} 条", en: "{from}–{to} of {total}" },

  // account
  "account.title": { zh: "我的账户", en: "My account" },
  "account.lead": { zh: "您的密钥只保存在这台设备的浏览器里，并用 PIN 码加密。服务器看不到它。", en: "Your key is kept only in this device's browser, encrypted with your PIN. The server never sees it." },
  "account.current": { zh: "当前登录", en: "Signed in now" },
  "account.signedInAs": { zh: "您现在用这个地址签名：", en: "You are signing with this address:" },
  "account.none": { zh: "还没有登录。请输入 PIN 码，然后解锁已保存的密钥，或导入、新建一个密钥。", en: "Not signed in. Enter a PIN, then unlock a saved key, or import or create one." },
  "account.modeLocal": { zh: "密钥保存在本浏览器（已用 PIN 码解锁，关闭浏览器后需重新输入）。", en: "Key kept in this browser (unlocked with the PIN until you close the browser)." },
  "account.modeInjected": { zh: "使用浏览器钱包签名。", en: "Signing with the browser wallet." },
  "account.lock": { zh: "退出登录", en: "Sign out" },
  "account.locked": { zh: "已退出。密钥仍加密保存在本机。", en: "Signed out. The key stays encrypted in this browser." },
  "account.pinTitle": { zh: "第一步：输入 PIN 码", en: "Step 1: enter your PIN" },
  "account.pin": { zh: "PIN 码", en: "PIN" },
  "account.pinHint": { zh: "至少 {n} 位。解锁、导入、新建密钥都用这个 PIN 码。请牢记，忘记后无法找回。", en: "At least {n} characters. Used to unlock, import or create a key. Remember it: it cannot be recovered." },
  "account.pinConfirm": { zh: "再输入一次 PIN 码", en: "Enter the PIN again" },
  "account.pinMismatch": { zh: "两次输入的 PIN 码不一样。", en: "The two PINs are different." },
  "account.working": { zh: "正在处理，请稍候……", en: "Working, please wait…" },
  "account.storedKeys": { zh: "第二步：解锁已保存的密钥", en: "Step 2: unlock a saved key" },
  "account.storedHint": { zh: "输入上面的 PIN 码后，按“解锁”。", en: "Enter the PIN above, then press “Unlock”." },
  "account.unlock": { zh: "解锁", en: "Unlock" },
  "account.inUse": { zh: "正在使用", en: "In use" },
  "account.unlocked": { zh: "已解锁，现在可以投票和签名。", en: "Unlocked: you can now vote and sign." },
  "account.export": { zh: "下载备份", en: "Download backup" },
  "account.exported": { zh: "已下载备份文件 {file}。它仍用 PIN 码加密，请妥善保存。", en: "Backup {file} downloaded. It is still encrypted with your PIN; keep it safe." },
  "account.remove": { zh: "删除", en: "Remove" },
  "account.removeConfirm": { zh: "再按一次确认删除", en: "Press again to remove" },
  "account.removed": { zh: "已从本浏览器删除这个密钥。", en: "The key was removed from this browser." },
  "account.importTitle": { zh: "导入私钥", en: "Import a private key" },
  "account.importHint": { zh: "例如演示账户的私钥。导入后用上面的 PIN 码加密保存。", en: "For example a demo account's key. It is stored encrypted with the PIN above." },
  "account.privateKey": { zh: "私钥", en: "Private key" },
  "account.import": { zh: "导入并登录", en: "Import and sign in" },
  "account.imported": { zh: "已导入并登录。", en: "Imported and signed in." },
  "account.createTitle": { zh: "新建密钥", en: "Create a new key" },
  "account.createHint": { zh: "在本浏览器生成一个新密钥。建好后请下载备份。", en: "Makes a new key in this browser. Download a backup afterwards." },
  "account.create": { zh: "新建密钥", en: "Create key" },
  "account.created": { zh: "新密钥已建好并登录。请把地址交给业委会登记，并下载备份。", en: "New key created and signed in. Give the address to the committee to register, and download a backup." },
  "account.backupTitle": { zh: "从备份文件恢复", en: "Restore from a backup file" },
  "account.backupHint": { zh: "选择之前下载的备份文件。填了 PIN 码会同时解锁。", en: "Pick a backup file you downloaded. With the PIN filled in it is unlocked at once." },
  "account.backupFile": { zh: "备份文件", en: "Backup file" },
  "account.importBackup": { zh: "恢复", en: "Restore" },
  "account.pickFile": { zh: "请先选择备份文件。", en: "Please pick a backup file first." },
  "account.backupUnlocked": { zh: "已恢复并登录。", en: "Restored and signed in." },
  "account.backupStored": { zh: "已恢复。输入 PIN 码后解锁即可使用。", en: "Restored. Enter the PIN and unlock it to use it." },
  "account.walletTitle": { zh: "使用浏览器钱包", en: "Use a browser wallet" },
  "account.walletHint": { zh: "用浏览器里的钱包插件签名。", en: "Sign with the wallet extension in this browser." },
  "account.noWallet": { zh: "这个浏览器没有钱包插件，请用上面的方式登录。", en: "This browser has no wallet extension; use one of the ways above." },
  "account.wallet": { zh: "连接钱包", en: "Connect wallet" },
  "account.walletConnected": { zh: "已连接钱包。", en: "Wallet connected." },

  // committee
  "auth.title": { zh: "签名登录（起草需要）", en: "Sign in (needed to draft)" },
  "auth.why": {
    zh: "起草表决事项、纸质票、委托投票、延期和名册变更之前，请先用您的密钥签名登录。服务器会在区块链上核对您是不是本小区业委会的现任成员。登录签名不会转移任何资金，也不是投票。",
    en: "Before you draft a vote, paper ballots, proxy mandates, an extension or a registry change, sign in with your key. The server checks on the chain that you are on this community's current committee. The sign-in signature moves no money and is not a vote.",
  },
  "auth.prepare": { zh: "显示登录消息", en: "Show the sign-in message" },
  "auth.review": { zh: "下面是您将要签名的完整消息，以及每一项的意思。请核对网站地址和您的地址，无误后再签名。", en: "Below is the whole message you are about to sign, and what each part means. Check the website and your address before you sign." },
  "auth.field.domain": { zh: "网站（本站地址）", en: "Website (this site)" },
  "auth.field.address": { zh: "您的地址", en: "Your address" },
  "auth.field.statement": { zh: "声明", en: "Statement" },
  "auth.statementMeaning": {
    zh: "登录小区共治账本，以便起草业委会操作。此签名不会转移任何资金，也不是投票。",
    en: "Sign in to Community Ledger to draft committee actions. This signature moves no money and casts no vote.",
  },
  "auth.field.chainId": { zh: "区块链编号（Chain ID）", en: "Chain id" },
  "auth.field.nonce": { zh: "一次性随机数（防止重复使用）", en: "One-time nonce (cannot be used twice)" },
  "auth.field.issuedAt": { zh: "签发时间", en: "Issued at" },
  "auth.field.expirationTime": { zh: "登录有效至", en: "Session valid until" },
  "auth.sign": { zh: "签名并登录", en: "Sign and sign in" },
  "auth.cancel": { zh: "取消", en: "Cancel" },
  "auth.signedIn": { zh: "已签名登录：{address}，有效至 {time}。", en: "Signed in as {address} until {time}." },
  "auth.signOut": { zh: "退出登录", en: "Sign out" },
  "auth.signedOut": { zh: "已退出登录。", en: "Signed out." },
  "auth.NOT_SIGNED_IN": { zh: "请先在上方“签名登录”处签名登录，再起草。", en: "Sign in first (“Sign in” above), then draft." },
  "committee.title": { zh: "业委会工作台", en: "Committee console" },
  "committee.lead": { zh: "业委会成员在这里发起和签署操作。签名人数达到门槛后，操作自动写入区块链。", en: "Committee members start and sign actions here. Once enough members have signed, the action is written to the chain." },
  "committee.pickCommunity": { zh: "小区", en: "Community" },
  "committee.member": { zh: "我是成员", en: "member" },
  "committee.signInFirst": { zh: "请先登录。", en: "Please sign in first." },
  "committee.youAreMember": { zh: "您是本小区业委会成员。每项操作需要 {threshold} 名成员签名（共 {members} 名成员）。", en: "You are a committee member. Each action needs {threshold} of the {members} members to sign." },
  "committee.notMember": { zh: "您登录的地址 {address} 不是本小区业委会成员，只能查看。", en: "Your address {address} is not on this committee: you can only look." },
  "committee.pending": { zh: "待签署的操作", en: "Actions awaiting signatures" },
  "committee.noActions": { zh: "没有待签署的操作。", en: "No actions are waiting." },
  "committee.signatures": { zh: "已签 {n} / 需要 {k}", en: "{n} of {k} signatures" },
  "committee.signers": { zh: "已签名", en: "Signed by" },
  "committee.sign": { zh: "签名", en: "Sign" },
  "committee.signed": { zh: "我已签名", en: "Signed" },
  "committee.failed": { zh: "失败", en: "Failed" },
  "committee.proposals": { zh: "本小区的表决事项", en: "This community's votes" },
  "committee.proposalsHint": { zh: "投票截止后可以计票；询异公示期满后可以确认生效。任何人都可以操作。", en: "After voting closes the votes can be counted; after the objection period the result can be made final. Anyone may do this." },
  "actionStatus.collecting": { zh: "收集签名中", en: "collecting signatures" },
  "actionStatus.queued": { zh: "签名已齐，等待上链", en: "signed; waiting to be sent to the chain" },
  "actionStatus.submitted": { zh: "正在上链", en: "being written to the chain" },
  "actionStatus.confirmed": { zh: "已上链", en: "on the chain" },
  "actionStatus.failed": { zh: "失败", en: "failed" },

  "draft.publishTitle": { zh: "发布表决事项", en: "Publish a vote" },
  "draft.publishHint": { zh: "提交后生成一项待签操作，业委会成员签名后发布并开始公示。", en: "Submitting makes an action for the committee to sign; once signed, the vote is published and its notice begins." },
  "draft.matter": { zh: "表决事项类型（民法典第二百七十八条）", en: "Kind of matter (Civil Code art. 278)" },
  "draft.scope": { zh: "表决范围", en: "Who votes" },
  "draft.scopeBuildings": { zh: "只限部分楼栋（仅限使用维修资金）", en: "Only some buildings (fund use only)" },
  "draft.buildingIds": { zh: "楼栋编号", en: "Building numbers" },
  "draft.buildingIdsHint": { zh: "用逗号分开，例如 1, 3", en: "Separated by commas, e.g. 1, 3" },
  "draft.title": { zh: "标题", en: "Title" },
  "draft.text": { zh: "全文", en: "Full text" },
  "draft.options": { zh: "选项", en: "Options" },
  "draft.optionsDefault": { zh: "同意 / 反对 / 弃权", en: "For / Against / Abstain" },
  "draft.optionsCustom": { zh: "在几个方案中选一个（例如几家物业公司）", en: "Choose one of several named options (e.g. bids)" },
  "draft.optionsList": { zh: "每行一个选项", en: "One option per line" },
  "draft.optionsHint": { zh: "最后一行必须是“弃权”。2 到 16 项。得票达到要求的方案通过。", en: "The last line must be the abstain option. 2 to 16 options. An option approved by enough owners passes." },
  "draft.optionsPlaceholder": { zh: "方案一\n方案二\n弃权", en: "Plan A\nPlan B\nAbstain" },
  "draft.optFor": { zh: "同意", en: "For" },
  "draft.optAgainst": { zh: "反对", en: "Against" },
  "draft.optAbstain": { zh: "弃权", en: "Abstain" },
  "draft.adHoc": { zh: "临时会议（公示期 {days} 天）", en: "Ad hoc meeting ({days} days' notice)" },
  "draft.start": { zh: "开始投票（北京时间）", en: "Voting opens (Beijing time)" },
  "draft.startHint": { zh: "至少在公示 {days} 天后。区块链当前时间：{time}", en: "At least {days} days' notice. Chain time now: {time}" },
  "draft.end": { zh: "截止投票（北京时间）", en: "Voting closes (Beijing time)" },
  "draft.endHint": { zh: "投票期 5 到 60 天。", en: "Voting lasts 5 to 60 days." },
  "draft.submit": { zh: "生成待签操作", en: "Create the action to sign" },
  "draft.created": { zh: "已生成待签操作，请业委会成员签名。", en: "Action created: committee members can now sign it." },
  "draft.badIds": { zh: "楼栋编号不对：请填写数字，用逗号分开。", en: "Building numbers must be numbers separated by commas." },
  "draft.badOptions": { zh: "选项须为 2 到 16 项。", en: "There must be 2 to 16 options." },
  "draft.needTitle": { zh: "请填写标题。", en: "Please enter a title." },
  "draft.needText": { zh: "请填写全文。", en: "Please enter the full text." },
  "draft.badDates": { zh: "请填写完整的日期和时间。", en: "Please enter a full date and time." },

  "paper.title": { zh: "录入纸质票", en: "Enter paper ballots" },
  "paper.hint": { zh: "为没有智能手机的业主录入纸质票。每张票要上传扫描件，系统只记录扫描件的指纹（哈希）。如果同一业主也投了电子票，以电子票为准。", en: "For owners without a smartphone. Each ballot needs its scan; only the scan's fingerprint (hash) is recorded. If the owner also voted electronically, the electronic ballot counts." },
  "paper.none": { zh: "现在没有正在投票的事项。", en: "No vote is open now." },
  "paper.proposal": { zh: "表决事项", en: "Vote" },
  "paper.entryId": { zh: "名册条目号", en: "Roll entry" },
  "paper.choice": { zh: "选择", en: "Choice" },
  "paper.scan": { zh: "纸质票扫描件", en: "Scan of the ballot" },
  "paper.addRow": { zh: "再加一张", en: "Add another" },
  "paper.submit": { zh: "生成待签操作", en: "Create the action to sign" },
  "paper.badEntry": { zh: "名册条目号应是非负整数。", en: "A roll entry must be a whole number." },
  "paper.needScan": { zh: "条目 {id} 还没有选择扫描件。", en: "Entry {id} has no scan yet." },
  "paper.empty": { zh: "请至少填写一行。", en: "Please fill in at least one row." },
  "scan.hashing": { zh: "正在计算指纹……", en: "Computing the fingerprint…" },
  "scan.tooLarge": { zh: "文件太大（最多 50 MB）。", en: "The file is too large (50 MB at most)." },

  "mandate.title": { zh: "登记委托投票", en: "Register proxy mandates" },
  "mandate.hint": { zh: "业主书面委托他人代投时登记。需上传委托书扫描件。", en: "When an owner authorises someone in writing to vote for them. Upload the scan of the written mandate." },
  "mandate.none": { zh: "现在没有可以登记委托的事项。", en: "No vote can take mandates now." },
  "mandate.proxy": { zh: "受托人地址", en: "Proxy's address" },
  "mandate.scan": { zh: "委托书扫描件", en: "Scan of the mandate" },
  "mandate.addRow": { zh: "再加一份", en: "Add another" },
  "mandate.submit": { zh: "生成待签操作", en: "Create the action to sign" },
  "mandate.badProxy": { zh: "条目 {id} 的受托人地址不对。", en: "The proxy address of entry {id} is not valid." },
  "mandate.needScan": { zh: "条目 {id} 还没有选择委托书扫描件。", en: "Entry {id} has no mandate scan yet." },

  "nav.supervisor": { zh: "居委会", en: "Supervisor" },
  "supervisor.title": { zh: "居委会 / 街道：设立小区与业委会", en: "Supervisor: communities and committees" },
  "supervisor.hint": { zh: "由监督单位在浏览器中签名，服务器只负责转发；合约核验签名人是否为监督单位。", en: "The supervisor signs in the browser; the server only relays, and the contract checks the signer is a supervisor." },
  "supervisor.create": { zh: "设立小区（含首届业委会）", en: "Create a community (with its first committee)" },
  "supervisor.install": { zh: "换届：安装新一届业委会", en: "Install a newly elected committee" },
  "supervisor.name": { zh: "小区名称", en: "Community name" },
  "supervisor.communityId": { zh: "小区编号", en: "Community id" },
  "supervisor.members": { zh: "业委会成员地址（每行一个）", en: "Committee members' addresses (one a line)" },
  "supervisor.threshold": { zh: "签名门槛（至少几名成员签名）", en: "Threshold (members who must sign)" },
  "supervisor.noticeDays": { zh: "公示天数", en: "Notice days" },
  "supervisor.allowChange": { zh: "投票截止前允许业主改票", en: "Owners may change a ballot until voting closes" },
  "supervisor.excludeParking": { zh: "车位、摊位不计入表决面积", en: "Parking spaces and stalls are not voting area" },
  "supervisor.submit": { zh: "签名并提交", en: "Sign and submit" },
  "supervisor.signIn": { zh: "请先在“账户”页登录监督单位的密钥。", en: "Sign in with the supervisor's key on the Account page first." },
  "supervisor.badMembers": { zh: "成员地址有误：每个都须是 0x 开头的地址。", en: "Each member must be an address starting with 0x." },
  "supervisor.sent": { zh: "已提交，等待上链。", en: "Submitted; waiting for the chain." },
  "supervisor.status": { zh: "状态", en: "Status" },
  "registry.title": { zh: "楼栋、房屋与业主登记", en: "Buildings, units and owners" },
  "registry.hint": { zh: "每行一条，用逗号分隔；生成后由业委会成员签名，达到人数后写入链上。", en: "One record a line, comma-separated; committee members then sign it, and at the threshold it goes on chain." },
  "registry.action": { zh: "操作", en: "Action" },
  "registry.lines": { zh: "清单", en: "List" },
  "registry.salt": { zh: "身份盐值（业委会保管，只有加盐后的哈希上链）", en: "Identity salt (kept by the committee; only the salted hash goes on chain)" },
  "registry.registerBuildings": { zh: "登记楼栋", en: "Register buildings" },
  "registry.registerUnits": { zh: "登记房屋", en: "Register units" },
  "registry.bindOwners": { zh: "绑定业主", en: "Bind owners" },
  "registry.deliverUnits": { zh: "确认交付（开发商房屋交给买受人）", en: "Deliver units (developer to buyer)" },
  "registry.format.registerBuildings": { zh: "格式：楼栋编号, 期数, 名称　例：3, 1, 3栋", en: "Format: building id, compound, label — e.g. 3, 1, Building 3" },
  "registry.format.registerUnits": { zh: "格式：房屋编号, 楼栋编号, 面积（平方米）, 面积来源（登记/实测/合同）, 类型（住宅/商铺/车位/摊位）, 开发商持有（是/否）, 门牌　例：301, 3, 89.35, 登记, 住宅, 否, 3-1-301", en: "Format: unit id, building id, area (m²), source (registered/surveyed/contract), kind (residential/commercial/parking/stall), developer-held (yes/no), door number — e.g. 301, 3, 89.35, registered, residential, no, 3-1-301" },
  "registry.format.bindOwners": { zh: "格式：房屋编号, 业主地址, 身份证明号码, 核验材料编号　例：301, 0x…, 110101…, 不动产权证 0012345", en: "Format: unit id, owner address, identity (ID number), evidence checked — e.g. 301, 0x…, 110101…, certificate 0012345" },
  "registry.format.deliverUnits": { zh: "格式：房屋编号，可多个　例：301, 302", en: "Format: unit ids — e.g. 301, 302" },
  "settings.title": { zh: "小区规则", en: "Community rules" },
  "settings.hint": { zh: "法律留给小区自定的规则；修改生成一项待签操作，业委会成员签名后生效。", en: "The rules the law leaves to the community; a change makes an action for the committee to sign, and applies once signed." },
  "settings.noticeDays": { zh: "表决公示期（天）", en: "Notice before a vote (days)" },
  "settings.adHocNoticeDays": { zh: "临时表决公示期（天）", en: "Notice before an ad hoc vote (days)" },
  "settings.objectionDays": { zh: "结果询异公示期（天）", en: "Objection period after a result (days)" },
  "settings.allowBallotChange": { zh: "投票截止前业主可以改票", en: "Owners may change their ballot until voting closes" },
  "settings.excludeParkingArea": { zh: "车位、摊位不计入表决面积和人数", en: "Leave parking spaces and stalls out of the electorate" },
  "settings.range": { zh: "{min} 到 {max} 天", en: "{min} to {max} days" },
  "settings.badDays": { zh: "{what} 须为 {min} 到 {max} 之间的整数", en: "{what} must be a whole number from {min} to {max}" },
  "registry.updateUnitArea": { zh: "更正房屋面积", en: "Correct a unit's area" },
  "registry.unbindOwner": { zh: "解除业主绑定（过户、错误登记）", en: "Unbind an owner (sale, wrong record)" },
  "registry.format.updateUnitArea": { zh: "格式（一行）：房屋编号, 面积（平方米）, 面积来源（登记/实测/合同）　例：301, 89.12, 实测", en: "Format (one line): unit id, area (m²), source (registered/surveyed/contract) — e.g. 301, 89.12, surveyed" },
  "registry.format.unbindOwner": { zh: "格式（一行）：房屋编号, 业主地址, 原因及核验材料　例：301, 0x…, 已过户 不动产权证 0067890", en: "Format (one line): unit id, owner address, reason and evidence checked — e.g. 301, 0x…, sold, certificate 0067890" },
  "registry.badLine": { zh: "第 {line} 行有误：{reason}", en: "Line {line}: {reason}" },
  "extension.title": { zh: "延长投票期", en: "Extend a vote" },
  "extension.hint": { zh: "参与人数不足的表决，可以在询异公示期内公开延长一次。", en: "A vote that missed the quorum may be extended once, publicly, during its objection period." },
  "extension.none": { zh: "没有可以延长的表决。", en: "No vote can be extended." },
  "extension.newEnd": { zh: "新的截止时间（北京时间）", en: "New closing time (Beijing time)" },
  "extension.submit": { zh: "生成待签操作", en: "Create the action to sign" },

  // verify
  "verify.title": { zh: "独立核验（事项 #{id}）", en: "Independent check (vote #{id})" },
  "verify.lead": {
    zh: "这一页不相信本网站的服务器：它直接从区块链节点读取全部记录，在您的浏览器里重新生成业主名册、重新点票、重新计算结果。",
    en: "This page does not trust this website's server: it reads every record straight from a chain node and, in your browser, rebuilds the roll, recounts the ballots and recomputes the result.",
  },
  "verify.rpc": { zh: "区块链节点地址", en: "Chain node address" },
  "verify.rpcHint": { zh: "可以换成您信任的其他节点，例如街道或居委会的节点。", en: "You can use another node you trust, for example the street office's." },
  "verify.advanced": { zh: "合约地址（高级）", en: "Contract addresses (advanced)" },
  "verify.registry": { zh: "小区登记合约", en: "Registry contract" },
  "verify.voting": { zh: "业主表决合约", en: "Voting contract" },
  "verify.fromBlock": { zh: "从区块号开始读取", en: "Read from block" },
  "verify.reset": { zh: "恢复默认设置", en: "Restore defaults" },
  "verify.address": { zh: "核对这个地址的选票（可留空）", en: "Check the ballot of this address (optional)" },
  "verify.addressHint": { zh: "已登录时自动填入您的地址。", en: "Your address when you are signed in." },
  "verify.run": { zh: "开始核验", en: "Verify" },
  "verify.badRpc": { zh: "节点地址应以 http:// 或 https:// 开头。", en: "The node address must start with http:// or https://." },
  "verify.badContract": { zh: "合约地址不对：应是 0x 开头的 42 位字符。", en: "A contract address must be 42 characters starting with 0x." },
  "verify.badBlock": { zh: "区块号应是非负整数。", en: "The block must be a whole number." },
  "verify.noDefaults": { zh: "无法从服务器取得默认设置，请手工填写。", en: "Could not get the default settings from the server; fill them in yourself." },
  "verify.reading": { zh: "正在从区块链读取记录……", en: "Reading the chain…" },
  "verify.readingBlocks": { zh: "正在读取区块 {done} / {total}……", en: "Reading blocks {done} / {total}…" },
  "verify.chainError": { zh: "无法从这个节点读取区块链。请检查节点地址，或换一个节点。", en: "Could not read the chain from this node. Check its address or try another node." },
  "verify.passed": { zh: "（通过）", en: " (passed)" },
  "verify.failed": { zh: "（未通过）", en: " (failed)" },
  "verify.rollTitle": { zh: "业主名册与公布的一致", en: "The roll matches what was published" },
  "verify.rollExplain": { zh: "按发布时区块链上登记的房屋、面积和业主，重新生成名册，与链上公布的名册指纹、面积合计、人数合计比较。", en: "The roll is rebuilt from the units, areas and owners registered on the chain when the vote was published, and compared with the published fingerprint, total area and headcount." },
  "verify.publishBlock": { zh: "发布所在区块", en: "Published in block" },
  "verify.registryState": { zh: "发布时的登记", en: "Registry at publication" },
  "verify.registryStateValue": { zh: "{units} 套房屋，{bindings} 个业主绑定", en: "{units} units, {bindings} owner bindings" },
  "verify.excludeParking": { zh: "车位不计入面积", en: "Parking excluded" },
  "verify.rootPublished": { zh: "公布的名册指纹", en: "Published fingerprint" },
  "verify.rootRebuilt": { zh: "重新生成的名册指纹", en: "Rebuilt fingerprint" },
  "verify.rebuiltVsPublished": { zh: "面积、人数、条目数：重新生成 / 公布", en: "Area, headcount, entries: rebuilt / published" },
  "verify.recountTitle": { zh: "重新点票与链上计数一致", en: "The recount equals the chain's count" },
  "verify.recountExplain": { zh: "把链上每一张被计入的选票（每户以最后一张为准）重新相加，与合约里每个选项的计数比较。", en: "Every counted ballot on the chain (the last one of each entry) is added up again and compared with the contract's count for each option." },
  "verify.recountSummary": { zh: "链上共有 {events} 条计票记录，{counted} 户的选票被计入。", en: "{events} ballot records on the chain; ballots of {counted} entries count." },
  "verify.recounted": { zh: "重新点票", en: "Recount" },
  "verify.onChain": { zh: "合约计数", en: "Contract" },
  "verify.people": { zh: "{n} 人", en: "{n} {n|owner|owners}" },
  "verify.resultTitle": { zh: "结果按法律规则计算无误", en: "The result follows the law's rules" },
  "verify.resultExplain": { zh: "用重新点票的数字，按民法典的“双三分之二”“双过半/双四分之三”规则重新计算结果，与链上公布的结果比较。", en: "The result is recomputed from the recount with the Civil Code's double two-thirds turnout and double majority rules, and compared with the result on the chain." },
  "verify.computed": { zh: "重新计算", en: "Recomputed" },
  "verify.onChainResult": { zh: "链上结果", en: "On the chain" },
  "verify.notTallied": { zh: "尚未计票（上面是目前的情况）", en: "Not counted yet (above: how it stands now)" },
  "verify.talliedBlock": { zh: "计票所在区块", en: "Counted in block" },
  "verify.finalState": { zh: "状态", en: "State" },
  "verify.myTitle": { zh: "您的选票已按您的选择计入", en: "Your ballot was counted as cast" },
  "verify.myExplain": { zh: "地址 {address} 在名册中的条目，以及链上为每个条目计入的选票。", en: "The roll entries of {address} and the ballot the chain counted for each." },
  "verify.countedAs": { zh: "计入：“{option}”", en: "Counted: “{option}”" },
  "verify.changedTimes": { zh: "这一户共投过 {n} 次，以最后一次为准。", en: "Voted {n} times; the last one counts." },
  "verify.youSigned": { zh: "本浏览器记录您签的是：“{option}”", en: "This browser recorded that you signed: “{option}”" },
  "verify.noBallot": { zh: "链上没有这一户的选票。", en: "No ballot of this entry is on the chain." },
  "verify.apiTitle": { zh: "网站显示的数字与区块链一致", en: "The website shows what the chain holds" },
  "verify.apiExplain": { zh: "把本网站服务器显示的名册指纹、合计、计数和结果与区块链比较。不一致说明服务器的数据被改动过。", en: "The roll fingerprint, totals, counts and result the website's server shows are compared with the chain. A difference means the server's data was altered." },
  "verify.verdictOk": { zh: "核验通过", en: "Verified" },
  "verify.verdictBad": { zh: "核验发现问题", en: "Problems found" },
  "verify.verdictOkText": { zh: "名册、点票和结果都与区块链上的记录一致。", en: "The roll, the count and the result all match the records on the chain." },
  "verify.verdictBadText": { zh: "有检查项没有通过，详见下面标 ✗ 的项目。请向业委会和居委会反映。", en: "Some checks failed: see the items marked ✗ below. Please tell the committee and the residents' committee." },
  "verify.readRange": { zh: "读取了区块 {from} 至 {to}（链 ID {chain}）", en: "Read blocks {from} to {to} (chain id {chain})" },

  "problem.PROPOSAL_NOT_PUBLISHED": { zh: "链上找不到这个事项的发布记录。", en: "The chain has no publication of this vote." },
  "problem.PROPOSAL_NOT_ON_CHAIN": { zh: "合约里查不到这个事项。", en: "The contract does not know this vote." },
  "problem.COMMUNITY_NOT_FOUND": { zh: "发布时链上没有小区 {communityId} 的登记。", en: "Community {communityId} was not registered when the vote was published." },
  "problem.ROLL_BUILD_FAILED": { zh: "无法重新生成名册", en: "The roll could not be rebuilt" },
  "problem.ROOT_DIFFERS": { zh: "名册指纹不一致：重新生成 {a}，公布 {b}。", en: "Fingerprints differ: rebuilt {a}, published {b}." },
  "problem.AREA_DIFFERS": { zh: "面积合计不一致：重新生成 {a}，公布 {b}（单位 0.01 平方米）。", en: "Total area differs: rebuilt {a}, published {b} (hundredths of m²)." },
  "problem.HEADCOUNT_DIFFERS": { zh: "人数合计不一致：重新生成 {a}，公布 {b}。", en: "Total headcount differs: rebuilt {a}, published {b}." },
  "problem.ENTRY_COUNT_DIFFERS": { zh: "条目数不一致：重新生成 {a}，公布 {b}。", en: "Entry count differs: rebuilt {a}, published {b}." },
  "problem.STORED_ROOT_DIFFERS": { zh: "合约保存的名册指纹与发布记录不一致。", en: "The contract's stored fingerprint differs from the publication." },
  "problem.STORED_AREA_DIFFERS": { zh: "合约保存的面积合计与发布记录不一致。", en: "The contract's stored total area differs from the publication." },
  "problem.STORED_HEADCOUNT_DIFFERS": { zh: "合约保存的人数合计与发布记录不一致。", en: "The contract's stored headcount differs from the publication." },
  "problem.STORED_ENTRY_COUNT_DIFFERS": { zh: "合约保存的条目数与发布记录不一致。", en: "The contract's stored entry count differs from the publication." },
  "problem.TALLY_DIFFERS": { zh: "选项 {option} 不一致：重新点票 {recountedArea}（0.01 平方米）/{recountedHeadcount} 人，合约 {onChainArea}/{onChainHeadcount} 人。", en: "Option {option} differs: recount {recountedArea} (hundredths of m²) / {recountedHeadcount}, contract {onChainArea} / {onChainHeadcount}." },
  "problem.BAD_CHOICE": { zh: "条目 {entryId} 的选票选了不存在的选项 {choice}。", en: "Entry {entryId}'s ballot chose option {choice}, which does not exist." },
  "problem.BALLOT_NOT_IN_ROLL": { zh: "条目 {entryId} 有选票，但不在重新生成的名册里。", en: "Entry {entryId} has a ballot but is not on the rebuilt roll." },
  "problem.BALLOT_WEIGHT_DIFFERS": { zh: "条目 {entryId} 的选票面积 {area} 与名册 {rollArea} 不一致（0.01 平方米）。", en: "Entry {entryId}'s ballot weighs {area}, the roll says {rollArea} (hundredths of m²)." },
  "problem.COMPUTE_FAILED": { zh: "无法计算结果", en: "The result could not be computed" },
  "problem.BAD_MATTER": { zh: "事项类型无效。", en: "Invalid kind of matter." },
  "problem.BAD_OUTCOME": { zh: "链上结果代码无效：{outcome}。", en: "Invalid outcome code on the chain: {outcome}." },
  "problem.OUTCOME_DIFFERS": { zh: "结果不一致：重新计算为 {computed}，链上为 {onChain}。", en: "Outcome differs: recomputed {computed}, chain {onChain}." },
  "problem.WINNER_DIFFERS": { zh: "通过的选项不一致：重新计算为 {computed}，链上为 {onChain}。", en: "Winning option differs: recomputed {computed}, chain {onChain}." },
  "problem.PARTICIPATION_DIFFERS": { zh: "参与表决的面积或人数不一致。", en: "Participating area or headcount differs." },
  "problem.QUORUM_DIFFERS": { zh: "是否达到参与人数要求的判断不一致。", en: "Whether the quorum was met differs." },
  "problem.STORED_OUTCOME_DIFFERS": { zh: "合约保存的结果与计票记录不一致。", en: "The contract's stored outcome differs from its tally record." },
  "problem.STORED_WINNER_DIFFERS": { zh: "合约保存的通过选项与计票记录不一致。", en: "The contract's stored winner differs from its tally record." },
  "problem.STORED_OUTCOME_WITHOUT_TALLY": { zh: "合约显示有结果，但链上没有计票记录。", en: "The contract shows a result but the chain has no tally record." },
  "problem.FINAL_OUTCOME_DIFFERS": { zh: "生效的结果与计票结果不一致。", en: "The final outcome differs from the tallied one." },
  "problem.NOT_IN_ROLL": { zh: "地址 {address} 不在名册中，也没有受委托的条目。", en: "Address {address} is not on the roll and holds no mandate." },
  "problem.NO_BALLOT": { zh: "条目 {entryId} 在链上还没有被计入的选票。", en: "Entry {entryId} has no counted ballot on the chain yet." },
  "problem.CHAIN_STATE_DISAGREES": { zh: "条目 {entryId}：合约的选票记录与计票事件不一致。", en: "Entry {entryId}: the contract's ballot record disagrees with its ballot events." },
  "problem.CHOICE_DIFFERS": { zh: "条目 {entryId}：您签的是选项 {expected}，链上计入的却是选项 {counted}！", en: "Entry {entryId}: you signed option {expected} but the chain counted option {counted}!" },
  "problem.API_ROOT_DIFFERS": { zh: "网站显示的名册指纹与链上不一致。", en: "The website's roll fingerprint differs from the chain." },
  "problem.API_TOTALS_DIFFER": { zh: "网站显示的面积或人数合计与链上不一致。", en: "The website's totals differ from the chain." },
  "problem.API_TALLY_DIFFERS": { zh: "网站显示的“{option}”得票与链上不一致。", en: "The website's count for “{option}” differs from the chain." },
  "problem.API_OUTCOME_DIFFERS": { zh: "网站显示的结果与链上不一致。", en: "The website's result differs from the chain." },
  "problem.API_UNREACHABLE": { zh: "无法从网站服务器取得数据，未比较：{reason}", en: "Could not get the website's figures, not compared: {reason}" },
};

function load(): Lang {
  try {
    const v = localStorage.getItem(STORAGE);
    if (v === "en" || v === "zh-CN") return v;
  } catch {
    /* storage unavailable */
  }
  return "zh-CN";
}

let current: Lang = load();
const listeners = new Set<() => void>();

export function lang(): Lang {
  return current;
}

export function setLang(l: Lang): void {
  if (l === current) return;
  current = l;
  try {
    localStorage.setItem(STORAGE, l);
  } catch {
    /* ignore */
  }
  for (const fn of listeners) fn();
}

export function toggleLang(): void {
  setLang(current === "zh-CN" ? "en" : "zh-CN");
}

export function onLangChange(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** The string for `key` in the current language; the key itself if there is none. */
export function t(key: string, params?: Readonly<Record<string, string | number>>): string {
  const entry = dict[key];
  if (!entry) return key;
  const text = current === "zh-CN" ? entry.zh : entry.en;
  if (!params) return text;
  return fillTemplate(text, params);
}

/** True if the dictionary has `key` (used by tests). */
export function hasKey(key: string): boolean {
  return key in dict;
}

export function dictionaryKeys(): string[] {
  return Object.keys(dict);
}

/** Words for any error, in the current language. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.messages) return current === "zh-CN" ? err.messages["zh-CN"] : err.messages.en;
    return `${t("error.unknown")}${err.code}`;
  }
  if (err instanceof NetworkError) return t("error.network");
  if (err instanceof KeyError) return t(`key.${err.code}`, { n: MIN_PIN_LENGTH });
  if (err instanceof NotSignedInError) return t("auth.NOT_SIGNED_IN");
  if (err instanceof Error) {
    const short = (err as { shortMessage?: string }).shortMessage;
    return short ?? err.message;
  }
  return `${t("error.unknown")}${String(err)}`;
}
