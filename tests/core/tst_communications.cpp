// Regulatory clocks (started by facts in the case, on the injectable clock), statements drafted
// from the templates, the communications log, and the artefact files other systems load; on
// real case files whose audit chain must verify afterwards.
#include "alert_fixture.h"
#include "test_support.h"

#include "core/audit/verifier.h"
#include "core/response/artefacts.h"
#include "core/response/case_progress.h"
#include "core/response/connectors.h"
#include "core/response/notifications.h"
#include "core/response/roster.h"
#include "core/response/regulatory_clocks.h"
#include "core/response/statements.h"
#include "core/triage/alert_triage.h"

#include <QFile>

#include <fstream>
#include <sstream>

using namespace cordon;
using namespace cordon::core;
using namespace cordon::core::response;
using cordon::test::str;
using Op = ActionDelivery::Operation;

namespace {

constexpr TimeUs kHour = 3'600'000'000;
constexpr TimeUs kNow = 1'795'140'000'000'000;   // 2026-11-20T02:00:00Z, after the fixture's events

std::string readAll(const std::string &path)
{
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void verifyChain(Database &db, const QString &dir)
{
    const auto report = verifyCase(db, str(dir));
    QVERIFY2(report.ok(), report.problems.empty() ? "" : report.problems.front().c_str());
}

std::int64_t executed(Database &db, const Clock &clock, const ActionProposal &p)
{
    const auto proposed = proposeAction(db, clock, p);
    if (!proposed || !approveAction(db, clock, proposed->id, "ic").ok() ||
        !runAction(db, clock, proposed->id, Op::Execute, "ana", {}, "done in the admin console").ok())
        qFatal("could not execute %s", p.type.c_str());
    return proposed->id;
}

} // namespace

class TestCommunications : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void gdprClockStartsAtAwarenessOfPersonalData()
    {
        QTemporaryDir dir;
        ManualClock clock(kNow);
        auto file = test::caseFromEvents(dir.path(), test::personalDataLeak("u-9"), clock);
        Database &db = file->db();
        const auto started = startDueClocks(db, clock);
        QVERIFY(started.ok());
        QCOMPARE(started->size(), std::size_t(1));
        const RegulatoryClock &gdpr = started->front();
        QCOMPARE(gdpr.regime, std::string("gdpr_art33"));
        // Awareness is when Cordon raised the alert (discovery), not the event's own time.
        QCOMPARE(gdpr.startedAt, kNow);
        QCOMPARE(gdpr.deadlineAt, kNow + 72 * kHour);
        QVERIFY(gdpr.basis.find("Personal data in model output") != std::string::npos);
        QCOMPARE(gdpr.startedBy, std::string("cordon"));

        clock.advance(70 * kHour);
        QCOMPARE(listClocks(db).front().remaining(clock.now()), 2 * kHour);
        clock.advance(3 * kHour);
        QCOMPARE(listClocks(db).front().remaining(clock.now()), -kHour);

        // Started once: running the check again starts nothing and keeps the start.
        QVERIFY(startDueClocks(db, clock)->empty());
        QCOMPARE(listClocks(db).size(), std::size_t(1));
        QVERIFY(!startClock(db, clock, "lee", "gdpr_art33", "legal confirmed").ok());

        QVERIFY(!closeClock(db, clock, "lee", "gdpr_art33", "notified", " ").ok());   // a note is required
        QVERIFY(!closeClock(db, clock, "lee", "gdpr_art33", "maybe", "x").ok());
        QVERIFY(closeClock(db, clock, "lee", "gdpr_art33", "notified", "ICO reference 12345").ok());
        QVERIFY(!listClocks(db).front().running());
        QCOMPARE(listClocks(db).front().outcome, std::string("notified"));
        QVERIFY(!closeClock(db, clock, "lee", "gdpr_art33", "notified", "again").ok());
        verifyChain(db, dir.path());
    }

    void noClockWithoutTheFactAndDismissedAlertsDoNotCount()
    {
        QTemporaryDir dir;
        ManualClock clock(kNow);
        auto file = test::caseFromEvents(dir.path(), test::jailbreakAttempts("u-1"), clock);
        Database &db = file->db();
        QVERIFY(startDueClocks(db, clock)->empty());
        QVERIFY(listClocks(db).empty());

        QTemporaryDir other;
        auto pii = test::caseFromEvents(other.path(), test::personalDataLeak("u-2"), clock);
        const auto alert = listAlerts(pii->db(), clock.now()).front();
        AlertDecision dismiss{AlertDecision::Kind::Dismiss, "ana", "test data, not a real customer", {}, {}};
        QVERIFY(decideAlert(pii->db(), clock, alert.id, dismiss).ok());
        QVERIFY(startDueClocks(pii->db(), clock)->empty());
    }

    void configuredClocksStartFromMilestonesAndByHand()
    {
        QTemporaryDir dir;
        ManualClock clock(kNow);
        auto file = test::newCase(dir.filePath(QStringLiteral("c.cordon")));
        Database &db = file->db();
        ClockDefinition nis2{"nis2_early_warning", "NIS2 early warning", 24, {}, {}, Milestone::Declared, "CSIRT"};
        ClockDefinition bad{"x", "x", 24, {}, {}, std::nullopt, ""};
        QVERIFY(!storeClockDefinitions(db, clock, "lee", {bad}).ok());   // names no fact
        auto defs = defaultClockDefinitions();
        defs.push_back(nis2);
        QVERIFY(storeClockDefinitions(db, clock, "lee", defs).ok());
        QCOMPARE(clockDefinitions(db)->size(), std::size_t(2));

        QVERIFY(startDueClocks(db, clock)->empty());
        const TimeUs declared = kNow - 2 * kHour;
        QVERIFY(setMilestone(db, clock, "ic", Milestone::Declared, declared).ok());
        const auto started = startDueClocks(db, clock);
        QCOMPARE(started->size(), std::size_t(1));
        QCOMPARE(started->front().regime, std::string("nis2_early_warning"));
        QCOMPARE(started->front().deadlineAt, declared + 24 * kHour);

        // Legal learns of a personal-data breach the rules did not see.
        QVERIFY(!startClock(db, clock, "lee", "gdpr_art33", "").ok());
        QVERIFY(!startClock(db, clock, "lee", "no_such_clock", "x").ok());
        QVERIFY(!startClock(db, clock, "lee", "gdpr_art33", "x", kNow + kHour).ok());   // not in the future
        QVERIFY(startClock(db, clock, "lee", "gdpr_art33", "support ticket shows leaked addresses", kNow - kHour).ok());
        const auto clocks = listClocks(db);
        QCOMPARE(clocks.size(), std::size_t(2));
        QCOMPARE(clocks.front().regime, std::string("nis2_early_warning"));   // nearest deadline first
        QCOMPARE(clocks.back().deadlineAt, kNow - kHour + 72 * kHour);
        QCOMPARE(clocks.back().startedBy, std::string("lee"));
        verifyChain(db, dir.path());
    }

    void statementsAreDraftedFromTheCaseAndLogged()
    {
        QTemporaryDir dir;
        ManualClock clock(kNow);
        auto file = test::caseFromEvents(dir.path(), test::personalDataLeak("u-9"), clock);
        Database &db = file->db();
        QVERIFY(addPerson(db, clock, "ic", {0, "Lee Park", Role::LegalCompliance, "dpo@example.org", true}).ok());
        QVERIFY(setMilestone(db, clock, "ic", Milestone::Declared).ok());
        QVERIFY(startDueClocks(db, clock).ok());
        executed(db, clock, {"account.suspend", "u-9", {{"duration_hours", 24}, {"reason", "leak"}}, "", "", "", "bo"});

        const auto draft = draftStatement(db, clock, Audience::Regulators);
        QVERIFY(draft.ok());
        QCOMPARE(draft->subject, std::string("Personal data breach notification: Test case"));
        QVERIFY(draft->body.find("Lee Park (dpo@example.org)") != std::string::npos);
        QVERIFY(draft->body.find("aware of the breach at 2026-11-20 02:00 UTC") != std::string::npos);
        QVERIFY(draft->body.find("GDPR Art. 33 breach notification") != std::string::npos);
        QVERIFY(draft->body.find("1 account(s)") != std::string::npos);
        QVERIFY(draft->body.find("Suspend account") != std::string::npos);
        QVERIFY(draft->body.find("{{") == std::string::npos);   // every fact filled in
        QVERIFY(draft->body.find("[to be completed]") != std::string::npos);   // what only a person knows

        const auto stakeholders = draftStatement(db, clock, Audience::Stakeholders);
        QVERIFY(stakeholders->subject.find("Test case") != std::string::npos);
        QVERIFY(!draftStatement(db, clock, Audience::Responders).ok());

        QVERIFY(!recordStatement(db, clock, "lee", Audience::Regulators, {"", "body"}).ok());
        const auto id = recordStatement(db, clock, "lee", Audience::Regulators, *draft);
        QVERIFY(id.ok());
        QVERIFY(!recordStatement(db, clock, "lee", Audience::Regulators, *draft, "no-such-channel").ok());
        const auto log = listCommunications(db);
        QCOMPARE(log.size(), std::size_t(1));
        QCOMPARE(log.front().status, std::string("recorded"));
        QCOMPARE(log.front().audience, std::string("regulators"));
        QCOMPARE(log.front().author, std::string("lee"));
        QVERIFY(messagesToSend(db).empty());   // sent by other means: nothing to post
        verifyChain(db, dir.path());
    }

    void artefactsListWhatIsInForce()
    {
        QTemporaryDir dir;
        ManualClock clock(kNow);
        auto file = test::newCase(dir.filePath(QStringLiteral("c.cordon")));
        Database &db = file->db();
        const auto suspended = executed(db, clock, {"account.suspend", "u-1", {{"duration_hours", 24}, {"reason", "campaign"}}, "", "", "", "bo"});
        executed(db, clock, {"account.rate_limit", "u-2", {{"requests_per_hour", 10}}, "", "", "", "bo"});
        executed(db, clock, {"pattern.block", "describing.\\ + similarlyNow", {{"match", "substring"}, {"source", "cluster 4"}}, "", "", "", "bo"});
        executed(db, clock, {"suffix_blocklist.update", "global", {{"suffixes", {"!!!unlock", "oppositeley."}}}, "", "", "", "bo"});
        const auto reverted = executed(db, clock, {"account.suspend", "u-3", {{"duration_hours", 1}, {"reason", "mistake"}}, "", "", "", "bo"});
        QVERIFY(runAction(db, clock, reverted, Op::Revert, "ana", {}, "lifted").ok());
        QVERIFY(proposeAction(db, clock, {"account.suspend", "u-4", {{"duration_hours", 1}, {"reason", "only proposed"}}, "", "", "", "bo"}).ok());
        db.exec("INSERT INTO indicators (type, value, source, confidence, created_at) VALUES"
                " ('ip', '203.0.113.9', 'misp', 80, 0), ('domain', 'evil.example', 'misp', 90, 0)");

        const auto statuses = accountStatuses(db);
        QCOMPARE(statuses.size(), std::size_t(2));   // u-3 reverted, u-4 only proposed
        const auto written = writeArtefacts(db, clock, str(dir.filePath(QStringLiteral("out"))));
        QVERIFY2(written.ok(), written.ok() ? "" : written.error().message.c_str());
        QCOMPARE(written->size(), std::size_t(5));

        const std::string accounts = readAll(str(dir.filePath(QStringLiteral("out/accounts.csv"))));
        QVERIFY(accounts.starts_with("account,status,detail,action,since,until\n"));
        QVERIFY(accounts.find("u-1,suspended,until 2026-11-21T02:00:00") != std::string::npos);
        QVERIFY(accounts.find("u-2,rate-limited,10 requests/h") != std::string::npos);
        QVERIFY(accounts.find("u-3") == std::string::npos);
        QVERIFY(accounts.find("u-4") == std::string::npos);
        QVERIFY(accounts.find("," + std::to_string(suspended) + ",") != std::string::npos);

        const std::string suffixes = readAll(str(dir.filePath(QStringLiteral("out/suffix_blocklist.txt"))));
        QVERIFY(suffixes.starts_with("# Suffix blocklist"));
        QVERIFY(suffixes.find("\ndescribing.\\ + similarlyNow\n") != std::string::npos);
        QVERIFY(suffixes.find("\n!!!unlock\n") != std::string::npos);
        QVERIFY(suffixes.find("\noppositeley.\n") != std::string::npos);
        const auto json = nlohmann::json::parse(readAll(str(dir.filePath(QStringLiteral("out/suffix_blocklist.json")))));
        QCOMPARE(json["patterns"].size(), std::size_t(3));
        QCOMPARE(json["patterns"][0]["source"].get<std::string>(), std::string("cluster 4"));

        const std::string ips = readAll(str(dir.filePath(QStringLiteral("out/ip_blocklist.txt"))));
        QVERIFY(ips.find("\n203.0.113.9\n") != std::string::npos);
        QVERIFY(ips.find("evil.example") == std::string::npos);
        const auto rules = nlohmann::json::parse(readAll(str(dir.filePath(QStringLiteral("out/detection_rules.json")))));
        QVERIFY(rules["rules"].size() > 5);

        // Unwritable target: a clear error, nothing half-written.
        QFile blocker(dir.filePath(QStringLiteral("blocked")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        QVERIFY(!writeArtefacts(db, clock, str(dir.filePath(QStringLiteral("blocked/out")))).ok());
    }
};

QTEST_GUILESS_MAIN(TestCommunications)
#include "tst_communications.moc"
