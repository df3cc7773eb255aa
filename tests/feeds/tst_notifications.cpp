// Notifications delivered to a real HTTP server on loopback playing Slack, PagerDuty and a
// generic webhook: the bodies each service gets for escalation, SLA breach, approval requests
// and executed actions; every fact told once per channel; failures retried and logged; secrets
// read at send time and never stored.
#include "alert_fixture.h"
#include "feeds/fake_gateway.h"
#include "test_support.h"

#include "core/audit/verifier.h"
#include "core/feeds/notification_sender.h"
#include "core/response/connectors.h"
#include "core/response/notifications.h"
#include "core/response/roster.h"
#include "core/response/statements.h"
#include "core/triage/alert_triage.h"

#include <QTest>

#include <map>
#include <set>

using namespace cordon;
using namespace cordon::core;
using namespace cordon::core::response;
using cordon::test::FakeGateway;
using cordon::test::GatewayAnswer;
using cordon::test::GatewayRequest;
using cordon::test::offThread;
using cordon::test::str;
using json = nlohmann::json;

namespace {

constexpr TimeUs kMinute = 60'000'000;
constexpr TimeUs kNow = 1'795'140'000'000'000;   // 2026-11-20T02:00:00Z

std::vector<NotificationChannel> channels(const FakeGateway &gw)
{
    qputenv("CORDON_TEST_SLACK_URL", gw.url(QStringLiteral("/slack")).toUtf8());
    qputenv("CORDON_TEST_PD_KEY", "R0UT1NGKEY");
    qputenv("CORDON_TEST_HOOK_TOKEN", "hook-token");
    const json fast = {{"timeout_ms", 2000}, {"retries", 1}, {"backoff_ms", 10}};
    NotificationChannel slack{NotificationChannel::Kind::Slack, "war-room", fast, allTriggers(), true};
    slack.config["url"] = "env:CORDON_TEST_SLACK_URL";
    NotificationChannel pd{NotificationChannel::Kind::PagerDuty, "pager", fast, {Trigger::Escalation, Trigger::SlaBreach}, true};
    pd.config["url"] = str(gw.url(QStringLiteral("/pd")));
    pd.config["routing_key"] = "env:CORDON_TEST_PD_KEY";
    NotificationChannel hook{NotificationChannel::Kind::Webhook, "soar", fast, allTriggers(), true};
    hook.config["url"] = str(gw.url(QStringLiteral("/hook")));
    hook.config["secret"] = "env:CORDON_TEST_HOOK_TOKEN";
    return {slack, pd, hook};
}

std::vector<GatewayRequest> to(const FakeGateway &gw, const char *path)
{
    std::vector<GatewayRequest> out;
    for (const auto &r : gw.requests()) {
        if (r.path == path)
            out.push_back(r);
    }
    return out;
}

json body(const GatewayRequest &r)
{
    return json::parse(r.body.toStdString());
}

feeds::NotifyRound round(Database &db, const Clock &clock)
{
    auto r = offThread([&] { return feeds::notifyRound(db, clock); });
    if (!r)
        qFatal("notify round failed: %s", r.error().message.c_str());
    return *r;
}

} // namespace

class TestNotifications : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void channelsAreChecked()
    {
        QVERIFY(!NotificationChannel::fromJson({{"name", "x"}, {"kind", "email"}, {"config", {{"url", "http://x"}}}}).ok());
        QVERIFY(!NotificationChannel::fromJson({{"name", "x"}, {"kind", "slack"}}).ok());   // no url
        QVERIFY(!NotificationChannel::fromJson({{"name", "x"}, {"kind", "pagerduty"}}).ok());   // no routing key
        QVERIFY(!NotificationChannel::fromJson({{"name", "x"}, {"kind", "webhook"}, {"config", {{"url", "http://x"}}},
                                                {"triggers", {"whenever"}}}).ok());
        const auto ok = NotificationChannel::fromJson({{"name", "x"}, {"kind", "webhook"}, {"config", {{"url", "http://x"}}},
                                                       {"triggers", {"sla_breach"}}});
        QVERIFY(ok.ok());
        QVERIFY(ok->wants(Trigger::SlaBreach) && !ok->wants(Trigger::Escalation));
    }

    void eachServiceGetsItsBodyOnce()
    {
        QTemporaryDir dir;
        ManualClock clock(kNow);
        auto events = test::jailbreakAttempts("u-7");
        for (auto &e : test::personalDataLeak("u-9"))
            events.push_back(e);
        auto file = test::caseFromEvents(dir.path(), events, clock);
        Database &db = file->db();
        FakeGateway gw;
        QVERIFY(storeNotificationChannels(db, clock, "ic", channels(gw)).ok());
        QVERIFY(addPerson(db, clock, "ic", {0, "Ines", Role::IncidentCommander, "+44 20 7946 0000", true}).ok());

        // Escalate the jailbreak alert; propose an action and execute another.
        std::int64_t jailbreak = 0;
        for (const auto &a : listAlerts(db, clock.now())) {
            if (a.ruleId == "jailbreak_attempts")
                jailbreak = a.id;
        }
        QVERIFY(jailbreak > 0);
        QVERIFY(decideAlert(db, clock, jailbreak, {AlertDecision::Kind::Escalate, "bo", "campaign", {}, {}}).ok());
        const auto proposed = proposeAction(db, clock, {"account.suspend", "u-7", {{"duration_hours", 24}, {"reason", "jailbreaks"}},
                                                        "six attempts", "alert:1", "", "bo"});
        QVERIFY(proposed.ok());
        const auto done = proposeAction(db, clock, {"session.terminate", "s-1", json::object(), "", "", "", "bo"});
        QVERIFY(approveAction(db, clock, done->id, "ic").ok());
        QVERIFY(runAction(db, clock, done->id, ActionDelivery::Operation::Execute, "bo", {}, "killed in the console").ok());

        const auto first = round(db, clock);
        QCOMPARE(first.failed, 0);
        // Slack and the webhook hear of all three; PagerDuty only pages for the escalation.
        QCOMPARE(first.queued, 7);
        QCOMPARE(first.sent, 7);

        const auto slack = to(gw, "/slack");
        QCOMPARE(slack.size(), std::size_t(3));
        const json escalation = body(slack.front());
        QVERIFY(escalation["text"].get<std::string>().find("1 alert escalated") != std::string::npos);
        QCOMPARE(escalation["blocks"][0]["type"].get<std::string>(), std::string("header"));
        const std::string text = escalation["blocks"][1]["text"]["text"].get<std::string>();
        QVERIFY(text.find("[High] ") != std::string::npos);
        QVERIFY(text.find("escalated to Security director") != std::string::npos);
        QVERIFY(text.find("Incident commander: Ines (+44 20 7946 0000) on call") != std::string::npos);

        const auto pd = to(gw, "/pd");
        QCOMPARE(pd.size(), std::size_t(1));
        const json page = body(pd.front());
        QCOMPARE(page["routing_key"].get<std::string>(), std::string("R0UT1NGKEY"));
        QCOMPARE(page["event_action"].get<std::string>(), std::string("trigger"));
        QCOMPARE(page["payload"]["severity"].get<std::string>(), std::string("error"));   // High
        QCOMPARE(page["payload"]["class"].get<std::string>(), std::string("escalation"));
        QVERIFY(page["dedup_key"].get<std::string>().ends_with(":escalation:alert:" + std::to_string(jailbreak)));
        QVERIFY(page["payload"]["summary"].get<std::string>().size() <= 1024);

        const auto hooks = to(gw, "/hook");
        QCOMPARE(hooks.size(), std::size_t(3));
        QCOMPARE(hooks.front().header("authorization"), QByteArray("Bearer hook-token"));
        std::set<std::string> triggers;
        for (const auto &h : hooks) {
            const json b = body(h);
            triggers.insert(b["trigger"].get<std::string>());
            QCOMPARE(b["case"]["title"].get<std::string>(), std::string("Test case"));
            if (b["trigger"] == "approval_request") {
                QCOMPARE(b["items"].size(), std::size_t(1));
                QCOMPARE(b["items"][0]["subject"].get<std::string>(), "action:" + std::to_string(proposed->id));
                QVERIFY(b["text"].get<std::string>().find("Suspend account") != std::string::npos);
            }
            if (b["trigger"] == "action_executed")
                QVERIFY(b["text"].get<std::string>().find("executed by bo") != std::string::npos);
        }
        QCOMPARE(triggers, (std::set<std::string>{"escalation", "approval_request", "action_executed"}));

        // Nothing new: nothing sent. The PII alert's SLA (4 h, Medium) then runs out unanswered.
        gw.clear();
        QCOMPARE(round(db, clock).queued, 0);
        QVERIFY(gw.requests().empty());
        clock.advance(4 * 60 * kMinute + kMinute);
        const auto breach = round(db, clock);
        QCOMPARE(breach.queued, 3);
        const json paged = body(to(gw, "/pd").at(0));
        QCOMPARE(paged["payload"]["class"].get<std::string>(), std::string("sla_breach"));
        QVERIFY(paged["payload"]["summary"].get<std::string>().find("breached its response SLA") != std::string::npos);
        gw.clear();
        QCOMPARE(round(db, clock).queued, 0);

        // The log holds every message as sent, without any secret.
        const auto log = listCommunications(db);
        QCOMPARE(log.size(), std::size_t(10));
        for (const auto &c : log) {
            QCOMPARE(c.status, std::string("sent"));
            QVERIFY(c.payload.dump().find("R0UT1NGKEY") == std::string::npos);
            QVERIFY(c.payload.dump().find("/slack") == std::string::npos);
        }
        QCOMPARE(db.queryInt("SELECT COUNT(*) FROM settings WHERE value LIKE '%R0UT1NGKEY%' OR value LIKE '%hook-token%'"), 0);
        const auto report = verifyCase(db, str(dir.path()));
        QVERIFY2(report.ok(), report.problems.empty() ? "" : report.problems.front().c_str());
    }

    void failuresAreRetriedOnTheNextRoundAndLogged()
    {
        QTemporaryDir dir;
        ManualClock clock(kNow);
        auto file = test::caseFromEvents(dir.path(), test::jailbreakAttempts("u-7"), clock);
        Database &db = file->db();
        FakeGateway gw;
        NotificationChannel hook{NotificationChannel::Kind::Webhook, "soar",
                                 {{"url", str(gw.url(QStringLiteral("/hook")))}, {"timeout_ms", 2000}, {"retries", 1}, {"backoff_ms", 10}},
                                 {Trigger::Escalation}, true};
        NotificationChannel unreadable{NotificationChannel::Kind::PagerDuty, "pager",
                                       {{"url", str(gw.url(QStringLiteral("/pd")))}, {"routing_key", "env:CORDON_TEST_NO_SUCH_KEY"}},
                                       {Trigger::Escalation}, true};
        QVERIFY(storeNotificationChannels(db, clock, "ic", {hook, unreadable}).ok());
        QVERIFY(decideAlert(db, clock, listAlerts(db, clock.now()).front().id,
                            {AlertDecision::Kind::Escalate, "bo", "", {}, {}}).ok());
        gw.script({{500, "{}", {}, false}, {503, "{}", {}, false}});
        const auto first = round(db, clock);
        QCOMPARE(first.queued, 2);
        QCOMPARE(first.failed, 2);
        QCOMPARE(to(gw, "/hook").size(), std::size_t(2));   // one retry within the round
        QVERIFY(to(gw, "/pd").empty());                      // never sent without its key
        bool namedTheKey = false;
        for (const auto &e : first.errors)
            namedTheKey |= e.find("CORDON_TEST_NO_SUCH_KEY") != std::string::npos;
        QVERIFY(namedTheKey);

        gw.clear();
        const auto second = round(db, clock);
        QCOMPARE(second.queued, 0);
        QCOMPARE(second.sent, 1);   // the webhook answers now
        QCOMPARE(to(gw, "/hook").size(), std::size_t(1));
        std::map<std::string, std::string> status;
        for (const auto &c : listCommunications(db))
            status[c.channel] = c.status;
        QCOMPARE(status["soar"], std::string("sent"));
        QCOMPARE(status["pager"], std::string("failed"));
        // A failed message is tried three times in all, then left for a person to look at.
        round(db, clock);
        QVERIFY(messagesToSend(db).empty());
    }

    void statementsGoOutThroughAChannel()
    {
        QTemporaryDir dir;
        ManualClock clock(kNow);
        auto file = test::newCase(dir.filePath(QStringLiteral("c.cordon")));
        Database &db = file->db();
        FakeGateway gw;
        QVERIFY(storeNotificationChannels(db, clock, "ic", channels(gw)).ok());
        const auto draft = draftStatement(db, clock, Audience::Stakeholders);
        QVERIFY(draft.ok());
        QVERIFY(!recordStatement(db, clock, "ic", Audience::Stakeholders, *draft, "pager").ok());
        QVERIFY(recordStatement(db, clock, "ic", Audience::Stakeholders, *draft, "soar").ok());
        QCOMPARE(round(db, clock).sent, 1);
        const json b = body(to(gw, "/hook").at(0));
        QCOMPARE(b["kind"].get<std::string>(), std::string("statement"));
        QCOMPARE(b["audience"].get<std::string>(), std::string("stakeholders"));
        QCOMPARE(b["subject"].get<std::string>(), draft->subject);
        QCOMPARE(listCommunications(db).front().status, std::string("sent"));
    }
};

QTEST_GUILESS_MAIN(TestNotifications)
#include "tst_notifications.moc"
