/**
 * API errors: a stable code, an HTTP status and a message in zh-CN and English.
 * Every refusal the API gives is one of these; nothing else reaches a client as a 4xx.
 */
export interface Message {
  "zh-CN": string;
  en: string;
}

export const ERRORS = {
  VALIDATION_FAILED: { status: 400, "zh-CN": "请求内容不符合要求", en: "The request is not valid" },
  MALFORMED_JSON: { status: 400, "zh-CN": "请求正文不是有效的 JSON", en: "The request body is not valid JSON" },
  PAYLOAD_TOO_LARGE: { status: 413, "zh-CN": "请求正文过大", en: "The request body is too large" },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    "zh-CN": "请求正文须为 JSON（Content-Type: application/json）",
    en: "The request body must be JSON (Content-Type: application/json)",
  },
  BAD_REQUEST: { status: 400, "zh-CN": "无法解析的 HTTP 请求", en: "The HTTP request cannot be parsed" },
  HEADERS_TOO_LARGE: { status: 431, "zh-CN": "请求头过大", en: "The request headers are too large" },
  REQUEST_TIMEOUT: {
    status: 408,
    "zh-CN": "请求未在限定时间内发送完毕，连接已关闭",
    en: "The request was not sent in time; the connection is closed",
  },
  RATE_LIMITED: {
    status: 429,
    "zh-CN": "请求过于频繁，请稍后再试（见 Retry-After）",
    en: "Too many requests from this client; try again later (see Retry-After)",
  },
  TOO_MANY_OPEN_DRAFTS: {
    status: 409,
    "zh-CN": "本小区待签名的草案已达上限：请先签署或等待旧草案过期",
    en: "This community has too many drafts collecting signatures: sign them or let them expire first",
  },
  NOT_FOUND: { status: 404, "zh-CN": "没有这个地址", en: "No such path" },
  COMMUNITY_NOT_FOUND: { status: 404, "zh-CN": "没有这个小区", en: "No such community" },
  PROPOSAL_NOT_FOUND: { status: 404, "zh-CN": "没有这个表决事项", en: "No such proposal" },
  UNIT_NOT_FOUND: { status: 404, "zh-CN": "本小区没有这套房屋", en: "No such unit in this community" },
  FUND_NO_ACCOUNT: {
    status: 404,
    "zh-CN": "这套房屋还没有维修资金分户账（首期资金尚未缴存）",
    en: "This unit has no maintenance-fund account yet (its first deposit has not been made)",
  },
  FUND_PLAN_NOT_FOUND: { status: 404, "zh-CN": "没有这个维修资金使用方案", en: "No such spending plan" },
  FUND_PAYMENT_NOT_FOUND: { status: 404, "zh-CN": "没有这笔付款", en: "No such payment" },
  FUND_STATEMENT_NOT_FOUND: { status: 404, "zh-CN": "没有这份账目公布", en: "No such published statement" },
  FUND_BAD_PERIOD: { status: 400, "zh-CN": "账期的结束时间必须晚于开始时间", en: "The period must end after it starts" },
  FUND_UNITS_SHORT: {
    status: 422,
    "zh-CN": "部分房屋的分户账余额不足以承担分摊金额，须先续筹（见 details.units）",
    en: "Some units' balances cannot cover their shares: they must top up first (see details.units)",
  },
  FUND_OVER_BUDGET: {
    status: 422,
    "zh-CN": "付款将超过方案预算的 110%，须重新表决",
    en: "The payment would exceed the plan's budget by more than 10 %: it needs a new vote",
  },
  FUND_PAYMENT_PENDING: {
    status: 409,
    "zh-CN": "该方案还有一笔付款待银行确认或撤销，之后才能申请下一笔",
    en: "A payment of this plan is still held: the custodian must post or void it before the next",
  },
  FUND_PAYMENT_NOT_HELD: { status: 409, "zh-CN": "这笔付款已经结算（已付款或已撤销）", en: "This payment is already posted or voided" },
  FUND_PROPOSAL_NOT_PASSED: {
    status: 422,
    "zh-CN": "该表决事项未通过或结果尚未生效，不能据此使用维修资金",
    en: "The proposal has not passed, or its result is not final: it cannot authorise spending",
  },
  FUND_NOT_A_FUND_USE: { status: 422, "zh-CN": "该表决事项不是使用维修资金（第五项）", en: "The proposal is not a fund-use vote (matter 五)" },
  FUND_PLAN_EXISTS: { status: 409, "zh-CN": "该表决事项已有使用方案", en: "This proposal already has a plan" },
  FUND_OVER_EMERGENCY_CAP: { status: 422, "zh-CN": "应急使用预算超过本小区规定的上限", en: "The emergency budget exceeds the community's cap" },
  FUND_NO_CUSTODIAN: { status: 409, "zh-CN": "本小区尚未登记托管银行（住建部门）", en: "This community has no custodian registered" },
  FUND_NOT_CUSTODIAN: { status: 403, "zh-CN": "签名人不是本小区的托管银行", en: "The signer is not this community's custodian" },
  FUND_FIRST_DEPOSIT_DONE: { status: 409, "zh-CN": "这套房屋的首期资金已经缴存", en: "This unit's first deposit has already been made" },
  FUND_NO_RATE: { status: 409, "zh-CN": "本小区尚未设定每平方米缴存标准", en: "The community has not set its deposit rate per m²" },
  FUND_NOT_RATABLE: { status: 409, "zh-CN": "应急使用方案没有业主表决，不能评价", en: "An emergency plan had no owners' vote: it cannot be rated" },
  FUND_NOT_ACCEPTED: { status: 409, "zh-CN": "这项工程还没有提交验收报告，验收后才能评价", en: "The work has no acceptance report yet: it can be rated once accepted" },
  FUND_ALREADY_RATED: { status: 409, "zh-CN": "这套房屋已经评价过这项工程", en: "This unit has already rated the work" },
  FUND_RATING_NOT_VOTER: {
    status: 403,
    "zh-CN": "评价须由名册上的业主本人签名（投票的受托人不能代为评价）",
    en: "A rating must be signed by the owner on the roll (a voting proxy cannot rate)",
  },
  RATING_EXPIRED: { status: 400, "zh-CN": "评价的签名已过期", en: "The rating's signature has expired" },
  FUND_INSUFFICIENT_COMMON: { status: 422, "zh-CN": "公共收益余额不足", en: "The common-income balance is not enough" },
  RECEIPT_NOT_FOUND: { status: 404, "zh-CN": "没有这张回执", en: "No such receipt" },
  ACTION_NOT_FOUND: { status: 404, "zh-CN": "没有这项待签操作", en: "No such pending action" },
  VOTING_NOT_OPEN: { status: 409, "zh-CN": "现在不在投票期内", en: "Voting is not open now" },
  VOTING_NOT_CLOSED: { status: 409, "zh-CN": "投票尚未截止", en: "Voting has not closed yet" },
  ALREADY_TALLIED: { status: 409, "zh-CN": "已经计票", en: "The proposal has already been tallied" },
  NOT_PROVISIONAL: { status: 409, "zh-CN": "表决结果不在询异公示期", en: "The result is not in its objection period" },
  OBJECTION_PERIOD_RUNNING: { status: 409, "zh-CN": "询异公示期尚未结束", en: "The objection period has not ended" },
  NOT_IN_OBJECTION_PERIOD: {
    status: 409,
    "zh-CN": "现在不在询异公示期内：计票之后、公示期结束之前才能提出询异",
    en: "Objections can be filed only after the tally, until the objection period ends",
  },
  OBJECTIONS_UNANSWERED: {
    status: 409,
    "zh-CN": "还有询异未经业委会答复，结果不能生效",
    en: "An objection is still unanswered by the committee: the result cannot become final",
  },
  OBJECTION_EXPIRED: { status: 400, "zh-CN": "询异的签名已过期", en: "The objection's signature has expired" },
  OBJECTION_NOT_FOUND: { status: 404, "zh-CN": "没有这条询异", en: "No such objection" },
  OBJECTION_ALREADY_ANSWERED: { status: 409, "zh-CN": "这条询异已经答复", en: "This objection has already been answered" },
  ROLL_MISMATCH: {
    status: 409,
    "zh-CN": "本站索引的业主名册与链上公布的名册不一致，无法为这个事项提供名册和证明。请在“核对”页面直接向区块链核实，并告知运营方。",
    en: "This server's index of the roll does not match the roll published on chain, so it cannot give the roll or proofs for this proposal. Check the vote against the chain on the verify page and tell the operator.",
  },
  NOT_IN_ELECTORATE: {
    status: 403,
    "zh-CN": "该地址不在本事项的业主名册中",
    en: "This address is not in the proposal's electorate roll",
  },
  WRONG_SIGNER: {
    status: 403,
    "zh-CN": "签名人既不是该业主，也不是登记的受托人",
    en: "The signer is neither the owner nor a registered proxy for this entry",
  },
  BAD_SIGNATURE: { status: 400, "zh-CN": "签名无效", en: "The signature is not valid" },
  BAD_CHOICE: { status: 400, "zh-CN": "没有这个选项", en: "No such option" },
  BALLOT_EXPIRED: { status: 400, "zh-CN": "选票签名已过期", en: "The ballot's signature has expired" },
  BALLOT_NONCE_USED: {
    status: 409,
    "zh-CN": "这张选票已经提交过，或已被更新的选票取代",
    en: "This ballot was already submitted or has been replaced by a newer one",
  },
  BALLOT_CHANGE_NOT_ALLOWED: {
    status: 409,
    "zh-CN": "本小区规定投票后不得更改",
    en: "This community does not allow changing a ballot",
  },
  NOT_SUPERVISOR: { status: 403, "zh-CN": "签名人不是监督单位（居委会或街道）", en: "The signer is not a supervisor" },
  NOT_COMMITTEE_MEMBER: { status: 403, "zh-CN": "签名人不是业委会成员", en: "The signer is not a committee member" },
  ALREADY_SIGNED: { status: 409, "zh-CN": "该成员已签过名", en: "This member has already signed" },
  ACTION_EXPIRED: {
    status: 409,
    "zh-CN": "这项操作的签名期限已过：请重新起草",
    en: "This action's signing deadline has passed: draft it again",
  },
  ACTION_CLOSED: { status: 409, "zh-CN": "这项操作已不再收集签名", en: "This action no longer collects signatures" },
  SCOPE_NOT_ALLOWED: {
    status: 400,
    "zh-CN": "只有使用维修资金的事项可以只由部分楼栋或房屋的业主表决",
    en: "Only a fund-use matter may be decided by the owners of some buildings or units",
  },
  ROOM_MALFORMED: {
    status: 400,
    "zh-CN": "门牌号格式不对：请写成 楼栋-单元-房号，例如 3-1-102",
    en: "Not a room number: write building-entrance-room, e.g. 3-1-102",
  },
  ROOM_NOT_FOUND: { status: 404, "zh-CN": "本小区没有这个门牌号的房屋", en: "No unit of this community has this room number" },
  ROOM_NOT_IN_ROLL: { status: 404, "zh-CN": "这个门牌号的房屋不在本事项的业主名册中", en: "The unit with this room number is not on this proposal's roll" },
  UNKNOWN_SCOPE: { status: 400, "zh-CN": "表决范围中有不存在的楼栋或房屋", en: "The scope names an unknown building or unit" },
  EMPTY_ELECTORATE: { status: 400, "zh-CN": "表决范围内没有业主", en: "No owner is in the scope" },
  NOTICE_TOO_SHORT: {
    status: 400,
    "zh-CN": "公示期不足：投票开始时间必须在公示期满之后",
    en: "Notice too short: voting must start after the notice period",
  },
  WINDOW_OUT_OF_RANGE: {
    status: 400,
    "zh-CN": "投票期须为 5 至 60 天",
    en: "The voting window must last 5 to 60 days",
  },
  CANNOT_EXTEND: {
    status: 409,
    "zh-CN": "只有未达到参与人数要求的表决，可在询异公示期内延长一次",
    en: "Only a vote that missed the quorum can be extended, once, during its objection period",
  },
  REGISTRY_DUPLICATE_IN_LIST: { status: 400, "zh-CN": "清单中同一楼栋、房屋或业主出现了两次", en: "The list names the same building, unit or owner twice" },
  REGISTRY_BUILDING_EXISTS: { status: 409, "zh-CN": "该楼栋已经登记", en: "The building is already registered" },
  REGISTRY_UNKNOWN_BUILDING: { status: 422, "zh-CN": "楼栋尚未登记", en: "The building is not registered" },
  REGISTRY_UNIT_EXISTS: { status: 409, "zh-CN": "该房屋已经登记", en: "The unit is already registered" },
  REGISTRY_UNKNOWN_UNIT: { status: 422, "zh-CN": "房屋尚未登记", en: "The unit is not registered" },
  REGISTRY_AREA_SOURCE_DOWNGRADE: {
    status: 422,
    "zh-CN": "面积来源不能降级（登记 > 实测 > 合同）",
    en: "An area cannot move to a source of lower precedence (registered > surveyed > contract)",
  },
  REGISTRY_NOT_DEVELOPER_HELD: { status: 422, "zh-CN": "该房屋不在开发商名下，无需交付", en: "The unit is not held by the developer" },
  REGISTRY_OWNER_ALREADY_BOUND: { status: 409, "zh-CN": "该业主已绑定这套房屋", en: "The owner is already bound to the unit" },
  REGISTRY_OWNER_NOT_BOUND: { status: 422, "zh-CN": "该地址没有绑定这套房屋", en: "The address is not bound to the unit" },
  REGISTRY_DEVELOPER_UNCHANGED: { status: 409, "zh-CN": "开发建设单位的签名地址已经是这个地址", en: "The developer's signing address is already this address" },
  DOCUMENT_UPLOADER_REQUIRED: {
    status: 403,
    "zh-CN": "只有本小区业委会的现任成员或托管银行才能上传文件",
    en: "Only a current member of this community's committee or its custodian may upload documents",
  },
  DOCUMENT_TYPE_NOT_ALLOWED: {
    status: 415,
    "zh-CN": "文件内容不是 PDF、JPEG 或 PNG（按内容判断，与文件名无关）",
    en: "The file's content is not PDF, JPEG or PNG (judged from the content, never the name)",
  },
  DOCUMENT_TOO_LARGE: { status: 413, "zh-CN": "文件超过大小上限（见 details.maxBytes）", en: "The file is larger than the limit (see details.maxBytes)" },
  DOCUMENT_EMPTY: { status: 400, "zh-CN": "文件是空的", en: "The file is empty" },
  DOCUMENT_KIND_MISMATCH: {
    status: 400,
    "zh-CN": "这类文件不能归属于这种记录，或记录编号格式不对",
    en: "This kind of document cannot belong to this type of record, or the record id has the wrong shape",
  },
  DOCUMENT_VISIBILITY_TOO_LOOSE: {
    status: 400,
    "zh-CN": "公开范围不能比这类文件的默认范围更宽（见 details.defaultVisibility）",
    en: "The visibility cannot be looser than this kind's default (see details.defaultVisibility)",
  },
  DOCUMENT_RECORD_NOT_FOUND: { status: 404, "zh-CN": "本小区没有文件所属的这条记录", en: "This community has no such record for the document" },
  DOCUMENT_NOT_FOUND: { status: 404, "zh-CN": "没有这个文件", en: "No such document" },
  DOCUMENT_ACCESS_DENIED: {
    status: 403,
    "zh-CN": "您无权查看这个文件（其哈希和登记信息仍然公开）",
    en: "You may not read this file (its hash and metadata stay public)",
  },
  DOCUMENT_PROOF_PENDING: {
    status: 404,
    "zh-CN": "这个文件的批次尚未上链确认，证明稍后可下载",
    en: "The document's batch is not anchored and confirmed yet: its proof is pending",
  },
  DOCUMENT_FILE_MISSING: {
    status: 500,
    "zh-CN": "文件登记在案，但存储中找不到它（请运行 npm run audit）",
    en: "The document is registered but its file is missing from the store (run npm run audit)",
  },
  AUTH_REQUIRED: {
    status: 401,
    "zh-CN": "请先用自己的密钥登录（以太坊签名登录）",
    en: "Sign in with your own key first (Sign-In with Ethereum)",
  },
  SESSION_EXPIRED: { status: 401, "zh-CN": "登录已过期，请重新登录", en: "Your session has expired: sign in again" },
  COMMITTEE_MEMBER_REQUIRED: {
    status: 403,
    "zh-CN": "只有本小区业委会的现任成员才能起草",
    en: "Only a current member of this community's committee may draft",
  },
  CUSTODIAN_REQUIRED: {
    status: 403,
    "zh-CN": "只有本小区登记的托管银行（住建部门）才能起草这项操作",
    en: "Only this community's registered custodian may draft this",
  },
  IDEMPOTENCY_KEY_REQUIRED: {
    status: 400,
    "zh-CN": "写操作须带 Idempotency-Key 请求头（每次新操作用一个新值，重试时用同一个值）",
    en: "A write needs an Idempotency-Key header (a new value per operation, the same value on a retry)",
  },
  IDEMPOTENCY_CONFLICT: {
    status: 409,
    "zh-CN": "这个 Idempotency-Key 已用于另一项内容不同的请求",
    en: "This Idempotency-Key was already used for a different request",
  },
  SIWE_MESSAGE_INVALID: {
    status: 400,
    "zh-CN": "登录消息不符合 EIP-4361 格式",
    en: "The sign-in message is not a valid EIP-4361 message",
  },
  SIWE_DOMAIN_MISMATCH: {
    status: 400,
    "zh-CN": "登录消息是为别的网站签的，不是本站",
    en: "The sign-in message was made for another website, not this one",
  },
  SIWE_CHAIN_MISMATCH: {
    status: 400,
    "zh-CN": "登录消息中的链 ID 不是本系统的区块链",
    en: "The sign-in message names another chain id than this ledger's",
  },
  SIWE_MESSAGE_EXPIRED: {
    status: 400,
    "zh-CN": "登录消息已过期或签发太久，请重新登录",
    en: "The sign-in message has expired or was issued too long ago: sign in again",
  },
  SIWE_MESSAGE_NOT_YET_VALID: {
    status: 400,
    "zh-CN": "登录消息尚未生效（签发时间或生效时间在将来），请检查设备时间",
    en: "The sign-in message is not valid yet (issued or valid from a future time): check the device's clock",
  },
  SIWE_NONCE_UNKNOWN: {
    status: 400,
    "zh-CN": "登录消息中的随机数不是本站发出的，请重新登录",
    en: "The sign-in message's nonce was not issued by this server: sign in again",
  },
  SIWE_NONCE_EXPIRED: {
    status: 400,
    "zh-CN": "登录随机数已过期，请重新登录",
    en: "The sign-in nonce has expired: sign in again",
  },
  SIWE_NONCE_USED: {
    status: 409,
    "zh-CN": "这条登录消息已经用过，不能再次使用",
    en: "This sign-in message has already been used and cannot be used again",
  },
  SIWE_SIGNATURE_MISMATCH: {
    status: 401,
    "zh-CN": "签名不是由登录消息中的地址做出的",
    en: "The signature was not made by the address in the sign-in message",
  },
  INTERNAL: { status: 500, "zh-CN": "服务器内部错误", en: "Internal server error" },
  CHAIN_UNAVAILABLE: { status: 503, "zh-CN": "暂时无法连接区块链节点", en: "The chain node cannot be reached" },
  DATABASE_UNAVAILABLE: {
    status: 503,
    "zh-CN": "数据库暂时无法使用，请稍后重试；已受理的内容不会丢失",
    en: "The database is briefly unavailable: try again shortly; nothing already accepted is lost",
  },
} as const;

export type ErrorCode = keyof typeof ERRORS;

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details?: unknown;

  constructor(code: ErrorCode, details?: unknown, cause?: unknown) {
    super(ERRORS[code].en, { cause });
    this.name = "ApiError";
    this.code = code;
    this.status = ERRORS[code].status;
    this.details = details;
  }

  toBody() {
    const e = ERRORS[this.code];
    return {
      error: {
        code: this.code,
        message: { "zh-CN": e["zh-CN"], en: e.en },
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}
