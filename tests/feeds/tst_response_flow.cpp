// The response end to end on the simulated mixed scenario: analyse, apply the jailbreak-
// campaign playbook, bulk-approve the proposed suspensions (two-person rule on), execute them
// against a real HTTP server playing the gateway, verify, revert in recovery. The gateway
// must see exactly the expected requests once each, and the audit chain must verify.
#include "feeds/fake_gateway.h"
#include "test_support.h"

#include "core/audit/verifier.h"
#include "core/feeds/http_action_connector.h"
#include "core/response/case_progress.h"
#include "core/response/response_policy.h"
#include "core/response/tasks.h"

#include <QTest>

#include <fstream>
#include <set>

using namespace cordon;
using namespace cordon::core;
using namespace cordon::core::response;
using cordon::test::FakeGateway;
using cordon::test::offThread;
using cordon::test::str;
using Op = ActionDelivery::Operation;

class TestResponseFlow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void jailbreakCampaignFromAnalysisToRecovery()
    {
        QTemporaryDir dir;
        const QString events = dir.filePath(QStringLiteral("mixed.jsonl")), casePath = dir.filePath(QStringLiteral("c.cordon"));
        QCOMPARE(test::cli({QStringLiteral("simulate"), QStringLiteral("--scenario"), QStringLiteral("mixed"),
                            QStringLiteral("--events"), QStringLiteral("20000"), QStringLiteral("--seed"),
                            QStringLiteral("3"), QStringLiteral("--out"), events}).exitCode, 0);
        QCOMPARE(test::cli({QStringLiteral("new"), casePath, QStringLiteral("--title"), QStringLiteral("Flow")}).exitCode, 0);
        QCOMPARE(test::cli({QStringLiteral("import"), casePath, events, QStringLiteral("--quiet")}).exitCode, 0);
        QCOMPARE(test::cli({QStringLiteral("analyze"), casePath}).exitCode, 0);
        std::ifstream truthFile(str(events) + ".truth.json");
        const auto truth = nlohmann::json::parse(truthFile);
        std::set<std::string> campaign, incidents;
        for (const auto &incident : truth["incidents"]) {
            for (const auto &a : incident["accounts"]) {
                incidents.insert(a.get<std::string>());
                if (incident["incident_type"] == "jailbreak_campaign")
                    campaign.insert(a.get<std::string>());
            }
        }

        auto file = CaseFile::open(str(casePath));
        QVERIFY(file.ok());
        Database &db = (*file)->db();
        ManualClock clock(SystemClock::instance().now());
        FakeGateway gw;
        QVERIFY(saveConnector(db, clock, "ana", {ConnectorDefinition::Kind::Http, 0, "gateway",
                                                 {{"url", str(gw.url())}, {"timeout_ms", 3000}, {"retries", 1}}, false}).ok());
        ResponsePolicy policy;
        policy.twoPersonApproval = true;
        policy.approverRole = Role::IncidentCommander;
        policy.defaultConnector = "gateway";
        QVERIFY(storeResponsePolicy(db, clock, "ana", policy).ok());
        QVERIFY(addPerson(db, clock, "ana", {0, "ana", Role::IncidentCommander, "ana@example.org", true}).ok());
        QVERIFY(addPerson(db, clock, "ana", {0, "bo", Role::SecurityAnalyst, "bo@example.org", true}).ok());
        QVERIFY(setMilestone(db, clock, "ana", Milestone::Declared).ok());

        // Apply the playbook: its tasks and its proposals, filed by the analyst.
        const auto applied = applyPlaybook(db, clock, "jailbreak_campaign", "bo");
        QVERIFY2(applied.ok(), applied.ok() ? "" : applied.error().message.c_str());
        QVERIFY(applied->tasks > 0);
        std::vector<std::int64_t> suspensions;
        std::set<std::string> targets;
        for (const Action &a : listActions(db)) {
            if (a.type == "account.suspend" && a.state == ActionState::Proposed) {
                suspensions.push_back(a.id);
                targets.insert(a.target);
                QCOMPARE(a.connector, std::string("gateway"));
            }
        }
        for (const auto &account : campaign)
            QVERIFY2(targets.count(account), ("campaign account not proposed: " + account).c_str());
        for (const auto &account : targets)
            QVERIFY2(incidents.count(account), ("benign account proposed: " + account).c_str());

        // Bulk approval: the analyst who proposed cannot; the incident commander can, after a preview.
        QCOMPARE(approveAll(db, clock, {suspensions.front()}, "bo").size(), std::size_t(1));
        for (const auto &p : previewApprovals(db, suspensions, "ana"))
            QVERIFY2(p.approvable && p.description.starts_with("Suspend account: "), p.refusal.c_str());
        QVERIFY(approveAll(db, clock, suspensions, "ana", "campaign confirmed").empty());
        QVERIFY(gw.requests().empty());   // nothing goes out before execution

        // Execute against the gateway, verify, then revert in recovery.
        const auto http = feeds::httpConnectorFactory();
        for (std::int64_t id : suspensions)
            QVERIFY(offThread([&] { return runAction(db, clock, id, Op::Execute, "ana", http); }).ok());
        QCOMPARE(gw.requests().size(), suspensions.size());
        for (std::int64_t id : suspensions)
            QVERIFY(verifyAction(db, clock, id, "bo", "no traffic from the account since").ok());
        QVERIFY(setMilestone(db, clock, "ana", Milestone::Contained).ok());
        QVERIFY(setMilestone(db, clock, "ana", Milestone::Remediated).ok());
        for (std::int64_t id : suspensions)
            QVERIFY(offThread([&] { return runAction(db, clock, id, Op::Revert, "ana", http); }).ok());

        // Exactly one execute and one revert per suspension, each once, for the right account.
        Statement caseId = db.prepare("SELECT uuid FROM case_info");
        QVERIFY(caseId.step());
        const std::string uuid = caseId.text(0);
        std::multiset<std::string> seen;
        std::set<std::string> executedTargets;
        for (const auto &r : gw.requests()) {
            QCOMPARE(r.path, QByteArray("/admin/actions"));
            seen.insert(r.header("idempotency-key").toStdString());
            const auto body = nlohmann::json::parse(r.body.toStdString());
            QCOMPARE(body["action"]["type"].get<std::string>(), std::string("account.suspend"));
            if (body["operation"] == "execute")
                executedTargets.insert(body["action"]["target"].get<std::string>());
        }
        std::multiset<std::string> expected;
        for (std::int64_t id : suspensions) {
            expected.insert(uuid + ":" + std::to_string(id) + ":execute");
            expected.insert(uuid + ":" + std::to_string(id) + ":revert");
            const auto a = findAction(db, id);
            QCOMPARE(std::string(toString(a->state)), std::string("reverted"));
            QVERIFY(a->executedAt && a->verifiedAt && a->revertedAt);
        }
        QCOMPARE(seen, expected);
        QCOMPARE(executedTargets, targets);

        const auto report = verifyCase(db, str(dir.path()));
        QVERIFY2(report.ok(), report.problems.empty() ? "" : report.problems.front().c_str());
    }
};

QTEST_GUILESS_MAIN(TestResponseFlow)
#include "tst_response_flow.moc"
