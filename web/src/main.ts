/** The client's shell: header, language toggle, hash router. */
import "./style.css";
import { h, replace } from "./dom";
import { shortAddress } from "./format";
import { lang, onLangChange, t, toggleLang } from "./i18n";
import { activeAddress, onKeyChange } from "./keys";
import { Page } from "./page";
import { watchTables } from "./tableScroll";
import { applyTextSize, onTextSizeChange, textSize, toggleTextSize } from "./textSize";
import { renderAccount } from "./pages/account";
import { renderCommittee } from "./pages/committee";
import { renderSupervisor } from "./pages/supervisor";
import { renderProposal } from "./pages/proposal";
import { renderProposals } from "./pages/proposals";
import { renderRoll } from "./pages/roll";
import { renderVerify } from "./pages/verify";
import { renderVerifyDocument } from "./pages/verifyDocument";
import { renderDocumentNotice } from "./pages/documentNotice";
import { renderFund } from "./pages/fund";
import { renderFundPlan } from "./pages/fundPlan";
import { renderResultNotice } from "./pages/resultNotice";
import { renderFundStatement } from "./pages/fundStatement";
import { renderFundStatements } from "./pages/fundStatements";
import { renderFundUnit } from "./pages/fundUnit";
import { renderFundCommonIncome } from "./pages/fundCommonIncome";
import { renderCustodian } from "./pages/custodian";

type Route =
  | { name: "home" }
  | { name: "proposal"; id: string }
  | { name: "roll"; id: string }
  | { name: "account" }
  | { name: "committee"; task: string | null }
  | { name: "supervisor" }
  | { name: "verify"; id: string }
  | { name: "verifyDocument" }
  | { name: "documentNotice" }
  | { name: "fund" }
  | { name: "custodian" }
  | { name: "fundPlan"; id: string }
  | { name: "fundUnit"; unitId: number }
  | { name: "fundStatements" }
  | { name: "fundStatement"; id: string }
  | { name: "fundCommonIncome"; quarter: string | null }
  | { name: "resultNotice"; id: string }
  | { name: "notFound" };

export function parseRoute(hash: string): Route {
  // A query after the path (`#/verify/2?rpc=…`) is the page's to read.
  const path = (hash.replace(/^#/, "").split("?")[0] ?? "").replace(/\/+$/, "") || "/";
  if (path === "/") return { name: "home" };
  let m = /^\/proposals\/(\d{1,30})$/.exec(path);
  if (m) return { name: "proposal", id: m[1] as string };
  m = /^\/proposals\/(\d{1,30})\/roll$/.exec(path);
  if (m) return { name: "roll", id: m[1] as string };
  if (path === "/verify/document") return { name: "verifyDocument" };
  if (path === "/notice/document") return { name: "documentNotice" };
  m = /^\/notice\/result\/(\d{1,30})$/.exec(path);
  if (m) return { name: "resultNotice", id: m[1] as string };
  m = /^\/verify\/(\d{1,30})$/.exec(path);
  if (m) return { name: "verify", id: m[1] as string };
  if (path === "/account") return { name: "account" };
  if (path === "/committee") return { name: "committee", task: null };
  m = /^\/committee\/task\/([a-z0-9-]{1,60})$/.exec(path);
  if (m) return { name: "committee", task: m[1] as string };
  if (path === "/supervisor") return { name: "supervisor" };
  if (path === "/fund") return { name: "fund" };
  if (path === "/custodian") return { name: "custodian" };
  if (path === "/fund/statements") return { name: "fundStatements" };
  m = /^\/fund\/statements\/(\d{1,30})$/.exec(path);
  if (m) return { name: "fundStatement", id: m[1] as string };
  if (path === "/fund/common-income") return { name: "fundCommonIncome", quarter: null };
  m = /^\/fund\/common-income\/(\d{4}-Q[1-4])$/.exec(path);
  if (m) return { name: "fundCommonIncome", quarter: m[1] as string };
  m = /^\/fund\/plans\/(\d{1,30})$/.exec(path);
  if (m) return { name: "fundPlan", id: m[1] as string };
  m = /^\/fund\/units\/(\d{1,9})$/.exec(path);
  if (m) return { name: "fundUnit", unitId: Number(m[1]) };
  return { name: "notFound" };
}

const top = document.getElementById("top") as HTMLElement;
const main = document.getElementById("main") as HTMLElement;
let page: Page | null = null;

function renderHeader(): void {
  const route = parseRoute(location.hash);
  const address = activeAddress();
  const link = (href: string, label: string, testid: string, current: boolean) =>
    h("a", { href, testid, class: current ? "nav-link current" : "nav-link", "aria-current": current ? "page" : null }, label);
  replace(
    top,
    h(
      "div",
      { class: "bar" },
      h("a", { href: "#/", class: "brand" }, t("app.name")),
      h(
        "nav",
        { "aria-label": t("nav.label") },
        link("#/", t("nav.proposals"), "nav-home", route.name === "home"),
        link("#/committee", t("nav.committee"), "nav-committee", route.name === "committee"),
        link("#/fund", t("nav.fund"), "nav-fund", route.name.startsWith("fund")),
        link("#/supervisor", t("nav.supervisor"), "nav-supervisor", route.name === "supervisor"),
        link("#/account", t("nav.account"), "nav-account", route.name === "account"),
      ),
      h(
        "div",
        { class: "bar-right" },
        h(
          "a",
          { href: "#/account", class: address ? "who signed-in" : "who", testid: "active-address", title: address ?? "" },
          // on a phone the words "signed in" are for screen readers only (the dot shows it)
          address ? [h("span", { class: "who-label" }, t("header.signedInAs")), " ", shortAddress(address)] : t("header.notSignedIn"),
        ),
        h(
          "button",
          {
            type: "button",
            class: "lang",
            testid: "lang-toggle",
            lang: lang() === "zh-CN" ? "en" : "zh-CN",
            on: { click: () => toggleLang() },
          },
          t("lang.switch"),
        ),
        h(
          "button",
          {
            type: "button",
            class: "text-size",
            testid: "text-size-toggle",
            "aria-pressed": String(textSize() === "large"),
            title: t("textSize.label"),
            on: { click: () => toggleTextSize() },
          },
          t("textSize.switch"),
        ),
      ),
    ),
  );
}

function render(): void {
  page?.dispose();
  page = new Page();
  document.documentElement.lang = lang();
  document.title = t("app.title");
  renderHeader();
  const route = parseRoute(location.hash);
  replace(main);
  switch (route.name) {
    case "home":
      renderProposals(main, page);
      break;
    case "proposal":
      renderProposal(main, page, route.id);
      break;
    case "roll":
      renderRoll(main, page, route.id);
      break;
    case "account":
      renderAccount(main, page);
      break;
    case "committee":
      renderCommittee(main, page, route.task);
      break;
    case "supervisor":
      renderSupervisor(main, page);
      break;
    case "verify":
      renderVerify(main, page, route.id);
      break;
    case "verifyDocument":
      renderVerifyDocument(main, page);
      break;
    case "documentNotice":
      renderDocumentNotice(main, page);
      break;
    case "resultNotice":
      renderResultNotice(main, page, route.id);
      break;
    case "fund":
      renderFund(main, page);
      break;
    case "custodian":
      renderCustodian(main, page);
      break;
    case "fundPlan":
      renderFundPlan(main, page, route.id);
      break;
    case "fundUnit":
      renderFundUnit(main, page, route.unitId);
      break;
    case "fundStatements":
      renderFundStatements(main, page);
      break;
    case "fundStatement":
      renderFundStatement(main, page, route.id);
      break;
    case "fundCommonIncome":
      renderFundCommonIncome(main, page, route.quarter);
      break;
    default:
      replace(main, h("section", { class: "card" }, h("h1", null, t("notFound.title")), h("p", null, h("a", { href: "#/" }, t("notFound.back")))));
  }
}

window.addEventListener("hashchange", () => {
  render();
  main.focus({ preventScroll: true });
  window.scrollTo(0, 0);
});
/** Re-renders, keeping keyboard focus on the header switch that was pressed (it is rebuilt). */
function keepFocus(testid: string, fn: () => void): void {
  const had = document.activeElement?.getAttribute("data-testid") === testid;
  fn();
  if (had) top.querySelector<HTMLElement>(`[data-testid="${testid}"]`)?.focus();
}

onLangChange(() => keepFocus("lang-toggle", render));
// style.css does the rest from the class on <html>; the switch only shows its new state.
onTextSizeChange(() => top.querySelector('[data-testid="text-size-toggle"]')?.setAttribute("aria-pressed", String(textSize() === "large")));
applyTextSize();
watchTables(main);
// A new signer changes what every page shows; the account page re-renders itself.
onKeyChange(() => {
  if (parseRoute(location.hash).name === "account") renderHeader();
  else render();
});
render();
