// Triage: severity, SLA from an injectable clock, escalation target, recommended actions,
// the alert lifecycle and its audit trail, on real case files and through the real CLI.
#include "alert_fixture.h"
#include "test_support.h"

#include "core/detect/detection_engine.h"
#include "core/ingest/importer.h"
#include "core/triage/alert_triage.h"

#include <nlohmann/json.hpp>

#include <fstream>

using namespace cordon;
using namespace cordon::core;
using json = nlohmann::json;
using namespace Qt::StringLiterals;

namespace {

constexpr TimeUs kMinute = 60'000'000;
constexpr TimeUs kNow = 1'795'140'000'000'000;   // 2026-11-20T02:00:00Z

/// A case holding one Critical alert (an unsigned JWT accepted) and one High alert (six
/// jailbreak attempts by one account), raised with the given clock.
std::unique_ptr<CaseFile> caseWithAlerts(const QString &dir, const Clock &clock)
{
    // {"alg":"none"} . {"sub":"svc","exp":1795150000}
    std::vector<json> events = {
        json::parse(R"({"time":"2026-11-20T01:50:00Z","kind":"auth","account":"svc-reporting","attributes":{"auth.result":"success","jwt":"eyJhbGciOiJub25lIn0.eyJzdWIiOiJzdmMiLCJleHAiOjE3OTUxNTAwMDB9."}})")};
    for (auto &e : test::jailbreakAttempts("u-7"))
        events.push_back(std::move(e));
    return test::caseFromEvents(dir, events, clock, u"triage.cordon"_s);
}

const AlertSummary &byRule(const std::vector<AlertSummary> &alerts, std::string_view rule)
{
    for (const auto &a : alerts) {
        if (a.ruleId == rule)
            return a;
    }
    qFatal("no %s alert", std::string(rule).c_str());
}

} // namespace

class TestTriage : public QObject {
    Q_OBJECT

private slots:
    void severityDecidesSlaEscalationAndActions()
    {
        QTemporaryDir dir;
        ManualClock clock(kNow);
        auto file = caseWithAlerts(dir.path(), clock);
        const auto alerts = listAlerts(file->db(), clock.now());
        QCOMPARE(alerts.front().ruleId, std::string("auth_bypass"));   // most severe first
        const AlertSummary &critical = byRule(alerts, "auth_bypass");
        QVERIFY(critical.severity == Severity::Critical);
        QCOMPARE(critical.slaDueAt, kNow + 15 * kMinute);
        QCOMPARE(critical.escalationTarget, std::string("CISO and executive team"));
        QVERIFY(critical.criteria.at(0).find("unsigned, expired or carried an escalated role") != std::string::npos);
        QVERIFY(critical.criteria.at(0).find("account:svc-reporting") != std::string::npos);
        QCOMPARE(critical.recommendedActions.at(0), std::string("Revoke the account's tokens and rotate the signing key"));
        const AlertSummary &high = byRule(alerts, "jailbreak_attempts");
        QVERIFY(high.severity == Severity::High);
        QCOMPARE(high.slaDueAt, kNow + 60 * kMinute);
        QCOMPARE(high.escalationTarget, std::string("Security director"));
        QCOMPARE(high.eventCount, std::int64_t(6));
    }

    void slaRunsOnTheClockAndIsMetByAResponse()
    {
        QTemporaryDir dir;
        ManualClock clock(kNow);
        auto file = caseWithAlerts(dir.path(), clock);
        clock.advance(10 * kMinute);
        auto alerts = listAlerts(file->db(), clock.now());
        QVERIFY(byRule(alerts, "auth_bypass").sla == AlertSummary::Sla::Running);
        QCOMPARE(byRule(alerts, "auth_bypass").slaRemaining, 5 * kMinute);
        clock.advance(6 * kMinute);   // 16 min: the Critical SLA is breached, the High one is not
        alerts = listAlerts(file->db(), clock.now());
        QVERIFY(byRule(alerts, "auth_bypass").sla == AlertSummary::Sla::Breached);
        QCOMPARE(byRule(alerts, "auth_bypass").slaRemaining, -1 * kMinute);
        QVERIFY(byRule(alerts, "jailbreak_attempts").sla == AlertSummary::Sla::Running);
        const std::int64_t highId = byRule(alerts, "jailbreak_attempts").id;
        QVERIFY(decideAlert(file->db(), clock, highId, {AlertDecision::Kind::Acknowledge, "dana", "", "", ""}).ok());
        clock.advance(120 * kMinute);   // long after: acknowledged in time stays met
        alerts = listAlerts(file->db(), clock.now());
        QVERIFY(byRule(alerts, "jailbreak_attempts").sla == AlertSummary::Sla::Met);
        QVERIFY(byRule(alerts, "auth_bypass").sla == AlertSummary::Sla::Breached);
    }

    void lifecycleRulesAndAudit()
    {
        QTemporaryDir dir;
        ManualClock clock(kNow);
        auto file = caseWithAlerts(dir.path(), clock);
        const auto alerts = listAlerts(file->db(), clock.now());
        const std::int64_t id = byRule(alerts, "jailbreak_attempts").id;
        using K = AlertDecision::Kind;
        auto decide = [&](K kind, std::string reason = {}, std::string assignee = {}) {
            return decideAlert(file->db(), clock, id, {kind, "dana", std::move(reason), std::move(assignee), ""});
        };
        const auto noReason = decide(K::Dismiss);
        QVERIFY(!noReason.ok());
        QVERIFY(noReason.error().message.find("needs a reason") != std::string::npos);
        const auto tooEarly = decide(K::Resolve);
        QVERIFY(!tooEarly.ok());
        QVERIFY(tooEarly.error().message.find("is new") != std::string::npos);
        QVERIFY(decide(K::Assign, "", "lee").ok());
        QVERIFY(decide(K::Acknowledge).ok());
        QVERIFY(!decide(K::Acknowledge).ok());   // already acknowledged
        QVERIFY(decide(K::Escalate).ok());
        QVERIFY(decide(K::Dismiss, "load test from the red team").ok());
        QVERIFY(decide(K::Resolve, "closed after review").ok());
        QVERIFY(!decide(K::Escalate).ok());   // resolved is final
        QVERIFY(!decideAlert(file->db(), clock, 9999, {K::Acknowledge, "dana", "", "", ""}).ok());

        const auto after = byRule(listAlerts(file->db(), clock.now()), "jailbreak_attempts");
        QVERIFY(after.status == AlertStatus::Resolved);
        QCOMPARE(after.assignee, std::string("lee"));
        QCOMPARE(after.resolutionReason, std::string("closed after review"));
        QVERIFY(after.acknowledgedAt && after.escalatedAt && after.resolvedAt);

        Statement audit = file->db().prepare(
            "SELECT actor, action, detail FROM audit WHERE object_type = 'alert' AND object_id = ? ORDER BY seq");
        audit.bind(1, id);
        std::vector<std::string> actions;
        while (audit.step()) {
            actions.push_back(audit.text(1));
            if (audit.text(1) == "alert.dismiss")
                QVERIFY(audit.text(2).find("load test from the red team") != std::string::npos);
        }
        const std::vector<std::string> expected = {"alert.raise", "alert.assign", "alert.acknowledge",
                                                   "alert.escalate", "alert.dismiss", "alert.resolve"};
        QCOMPARE(actions, expected);
        file.reset();
        const QString path = dir.filePath(u"triage.cordon"_s);
        QCOMPARE(test::cli({u"verify"_s, path}).exitCode, 0);
        // A decision edited afterwards is caught.
        test::sqlite(path, u"UPDATE alerts SET status = 'new' WHERE rule_id = 'jailbreak_attempts'"_s);
        QCOMPARE(test::cli({u"verify"_s, path}).exitCode, 4);
    }

    void undoPutsTheAlertBackAndIsAudited()
    {
        QTemporaryDir dir;
        ManualClock clock(kNow);
        auto file = caseWithAlerts(dir.path(), clock);
        const std::int64_t id = byRule(listAlerts(file->db(), clock.now()), "jailbreak_attempts").id;
        using K = AlertDecision::Kind;
        clock.advance(5 * kMinute);
        auto dismissed = decideAlert(file->db(), clock, id, {K::Dismiss, "dana", "red team test", "", ""});
        QVERIFY(dismissed.ok());
        QCOMPARE(dismissed->action, std::string("alert.dismiss"));
        QVERIFY(dismissed->before.status == AlertStatus::New);
        QVERIFY(!dismissed->before.acknowledgedAt);
        QVERIFY(dismissed->after.status == AlertStatus::Dismissed);
        QCOMPARE(dismissed->after.resolutionReason.value_or(""), std::string("red team test"));
        QCOMPARE(dismissed->after.acknowledgedAt.value_or(0), kNow + 5 * kMinute);

        clock.advance(kMinute);
        QVERIFY(revertDecision(file->db(), clock, dismissed.value(), "lee").ok());
        auto back = byRule(listAlerts(file->db(), clock.now()), "jailbreak_attempts");
        QVERIFY(back.status == AlertStatus::New);
        QVERIFY(back.resolutionReason.empty());
        QVERIFY(!back.acknowledgedAt);   // the SLA runs again, as if never answered
        QVERIFY(back.sla == AlertSummary::Sla::Running);
        // Undoing twice, or undoing a decision someone has overtaken, is refused.
        const auto again = revertDecision(file->db(), clock, dismissed.value(), "lee");
        QVERIFY(!again.ok());
        QVERIFY(again.error().message.find("has changed since alert.dismiss") != std::string::npos);
        auto acked = decideAlert(file->db(), clock, id, {K::Acknowledge, "dana", "", "", ""});
        QVERIFY(acked.ok());
        QVERIFY(decideAlert(file->db(), clock, id, {K::Escalate, "sam", "", "", ""}).ok());
        QVERIFY(!revertDecision(file->db(), clock, acked.value(), "dana").ok());
        QVERIFY(byRule(listAlerts(file->db(), clock.now()), "jailbreak_attempts").status == AlertStatus::Escalated);

        Statement audit = file->db().prepare(
            "SELECT actor, detail FROM audit WHERE object_type = 'alert' AND object_id = ? AND action = 'alert.revert'");
        audit.bind(1, id);
        QVERIFY(audit.step());
        QCOMPARE(audit.text(0), std::string("lee"));
        const json detail = json::parse(audit.text(1));
        QCOMPARE(detail["undoes"].get<std::string>(), std::string("alert.dismiss"));
        QCOMPARE(detail["to"].get<std::string>(), std::string("new"));
        QVERIFY(!audit.step());   // the refused undos wrote nothing
        file.reset();
        QCOMPARE(test::cli({u"verify"_s, dir.filePath(u"triage.cordon"_s)}).exitCode, 0);
    }

    void alertAccountsMostEventsFirst()
    {
        QTemporaryDir dir;
        ManualClock clock(kNow);
        auto file = caseWithAlerts(dir.path(), clock);
        const auto alerts = listAlerts(file->db(), clock.now());
        const AlertAccounts jailbreak = alertAccounts(file->db(), byRule(alerts, "jailbreak_attempts").id, 3);
        QCOMPARE(jailbreak.distinct, std::int64_t(1));
        QCOMPARE(jailbreak.top, std::vector<std::string>{"u-7"});
        const AlertAccounts none = alertAccounts(file->db(), 9999, 3);
        QCOMPARE(none.distinct, std::int64_t(0));

        // A campaign across four more accounts (and u-7 from before, within its hour): the
        // busiest are named, ties by name, and all five counted.
        const std::string events = test::str(dir.path()) + "/campaign.jsonl";
        {
            std::ofstream out(events);
            const std::vector<std::pair<std::string, int>> attempts = {{"u-c", 3}, {"u-a", 8}, {"u-d", 1}, {"u-b", 6}};
            int minute = 0;
            for (const auto &[account, n] : attempts) {
                for (int i = 0; i < n; ++i, ++minute)
                    out << json{{"time", "2026-11-20T01:" + std::to_string(10 + minute) + ":00Z"}, {"kind", "llm.request"},
                                {"account", account}, {"prompt", "try " + std::to_string(minute)},
                                {"flags", {"jailbreak_detected"}}}
                               .dump()
                        << '\n';
            }
        }
        QVERIFY(Importer(*file, clock).run({events}).ok());
        DetectionEngine(DetectionConfig::builtIn(), clock).run(file->db());
        const AlertSummary &campaign = byRule(listAlerts(file->db(), clock.now()), "jailbreak_campaign");
        const AlertAccounts members = alertAccounts(file->db(), campaign.id, 3);
        QCOMPARE(members.distinct, std::int64_t(5));
        QCOMPARE(members.top, (std::vector<std::string>{"u-a", "u-7", "u-b"}));
    }

    void aCaseCanUseItsOwnRules()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"rules.cordon"_s);
        QCOMPARE(test::cli({u"new"_s, path, u"--title"_s, u"rules"_s}).exitCode, 0);
        const QString rules = dir.filePath(u"rules.json"_s);
        {
            std::ofstream out(test::str(rules));
            out << json{{"rules", {{{"id", "any_jailbreak"}, {"any", {"jailbreak_detected"}}, {"group_by", "account"},
                                    {"levels", {{{"above", 0}, {"severity", "Critical"}, {"criterion", "{value} attempt(s)"}}}}}}},
                        {"triage", {{"Critical", {{"sla_minutes", 5}}}}}}
                       .dump();
        }
        const QString bad = dir.filePath(u"bad.json"_s);
        {
            std::ofstream out(test::str(bad));
            out << R"({"rules": [{"id": "broken", "any": ["nonsense"], "levels": []}]})";
        }
        auto refused = test::cli({u"rules"_s, path, u"--set"_s, bad});
        QVERIFY(refused.exitCode != 0);
        QVERIFY(refused.err.contains(u"rule broken"_s));
        auto set = test::cli({u"rules"_s, path, u"--set"_s, rules, u"--actor"_s, u"dana"_s});
        QCOMPARE(set.exitCode, 0);
        QVERIFY(set.out.contains(u"1 rules in use"_s));

        const QString events = dir.filePath(u"one.jsonl"_s);
        {
            std::ofstream out(test::str(events));
            out << json{{"time", "2026-11-20T01:00:00Z"}, {"kind", "llm.request"}, {"account", "u-9"}, {"flags", {"jailbreak_detected"}}}.dump() << '\n';
        }
        QVERIFY(test::cli({u"import"_s, path, events}).exitCode == 0);
        auto list = test::cli({u"alerts"_s, path, u"--json"_s});
        const json alerts = json::parse(test::str(list.out));
        QCOMPARE(alerts.size(), std::size_t(1));   // the case's one rule, not the built-in ones
        QCOMPARE(alerts[0]["rule"].get<std::string>(), std::string("any_jailbreak"));
        QCOMPARE(alerts[0]["severity"].get<std::string>(), std::string("Critical"));
        QVERIFY(alerts[0]["sla_remaining_seconds"].get<long long>() <= 300);   // the case's own SLA

        QCOMPARE(test::cli({u"verify"_s, path}).exitCode, 0);
        test::sqlite(path, u"UPDATE settings SET value = '{\"rules\":[]}'"_s);   // edited outside Cordon
        QCOMPARE(test::cli({u"verify"_s, path}).exitCode, 4);
        auto reset = test::cli({u"rules"_s, path, u"--reset"_s});
        QCOMPARE(reset.exitCode, 0);
        QVERIFY(reset.out.contains(u"jailbreak_campaign"_s));   // the built-in rules again
    }

    void cliListsAndDecides()
    {
        QTemporaryDir dir;
        auto file = caseWithAlerts(dir.path(), SystemClock::instance());
        file.reset();
        const QString path = dir.filePath(u"triage.cordon"_s);
        auto list = test::cli({u"alerts"_s, path, u"--json"_s});
        QCOMPARE(list.exitCode, 0);
        const json alerts = json::parse(test::str(list.out));
        QVERIFY(alerts.size() >= 2);
        QCOMPARE(alerts[0]["severity"].get<std::string>(), std::string("Critical"));
        QCOMPARE(alerts[0]["sla"].get<std::string>(), std::string("running"));
        const QString id = QString::number(alerts[0]["id"].get<long long>());
        auto noActor = test::cli({u"alert"_s, path, id, u"acknowledge"_s});
        QCOMPARE(noActor.exitCode, 2);
        auto noReason = test::cli({u"alert"_s, path, id, u"dismiss"_s, u"--actor"_s, u"dana"_s});
        QCOMPARE(noReason.exitCode, 1);
        QVERIFY(noReason.err.contains(u"needs a reason"_s));
        QCOMPARE(test::cli({u"alert"_s, path, id, u"ack"_s, u"--actor"_s, u"dana"_s}).exitCode, 0);
        auto table = test::cli({u"alerts"_s, path});
        QVERIFY(table.out.contains(u"acknowledged"_s));
        QVERIFY(table.out.contains(u"because"_s));
        QVERIFY(table.out.contains(u"met"_s));
    }
};

QTEST_GUILESS_MAIN(TestTriage)
#include "tst_triage.moc"
