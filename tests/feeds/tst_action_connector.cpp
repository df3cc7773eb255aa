// The HTTP action connector against a real HTTP server on loopback playing the gateway:
// headers and body, retries with one idempotency key, timeouts, final refusals, and the
// whole execute → revert round on a real case file.
#include "feeds/fake_gateway.h"
#include "test_support.h"

#include "core/audit/verifier.h"
#include "core/feeds/http_action_connector.h"

#include <QTest>

#include <cstdlib>

using namespace cordon;
using namespace cordon::core;
using namespace cordon::core::response;
using cordon::test::FakeGateway;
using cordon::test::GatewayAnswer;
using cordon::test::offThread;
using cordon::test::str;

namespace {

ConnectorDefinition gatewayConnector(const QString &url, nlohmann::json extra = nlohmann::json::object())
{
    nlohmann::json config = {{"url", str(url)}, {"timeout_ms", 2000}, {"retries", 2}, {"backoff_ms", 10}};
    config.update(extra);
    return {ConnectorDefinition::Kind::Http, 0, "gateway", config, false};
}

ActionDelivery suspendDelivery(std::int64_t id = 7)
{
    ActionDelivery d;
    d.action.id = id;
    d.action.type = "account.suspend";
    d.action.target = "u-1042";
    d.action.parameters = {{"duration_hours", 24}, {"reason", "campaign"}};
    d.caseId = "case-uuid";
    d.actor = "ana";
    return d;
}

} // namespace

class TestActionConnector : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void deliversWithTokenKeyAndBody()
    {
        FakeGateway gw;
        qputenv("CORDON_TEST_GW_TOKEN", "s3cret-token");
        feeds::HttpActionConnector c(gatewayConnector(gw.url(), {{"auth", "bearer"}, {"secret", "env:CORDON_TEST_GW_TOKEN"}}));
        const auto out = offThread([&] { return c.deliver(suspendDelivery()); });
        QVERIFY2(out.ok, out.error.c_str());
        QCOMPARE(out.attempts, 1);
        QCOMPARE(out.response["status"].get<int>(), 200);
        QCOMPARE(out.response["body"]["ok"].get<bool>(), true);
        QCOMPARE(gw.requests().size(), std::size_t(1));
        const auto &r = gw.requests().front();
        QCOMPARE(r.method, QByteArray("POST"));
        QCOMPARE(r.path, QByteArray("/admin/actions"));
        QCOMPARE(r.header("authorization"), QByteArray("Bearer s3cret-token"));
        QCOMPARE(r.header("idempotency-key"), QByteArray("case-uuid:7:execute"));
        QVERIFY(r.header("content-type").startsWith("application/json"));
        const auto body = nlohmann::json::parse(r.body.toStdString());
        QCOMPARE(body["operation"].get<std::string>(), std::string("execute"));
        QCOMPARE(body["action"]["target"].get<std::string>(), std::string("u-1042"));
        QCOMPARE(body["action"]["parameters"]["duration_hours"].get<int>(), 24);
        QCOMPARE(body["dry_run"].get<bool>(), false);
    }

    void retriesServerErrorsWithTheSameKey()
    {
        FakeGateway gw;
        gw.script({{503, "{\"error\":\"busy\"}", {}, false}, {502, "bad gateway", {}, false}});
        feeds::HttpActionConnector c(gatewayConnector(gw.url()));
        const auto out = offThread([&] { return c.deliver(suspendDelivery()); });
        QVERIFY2(out.ok, out.error.c_str());
        QCOMPARE(out.attempts, 3);
        QCOMPARE(out.response["trail"].size(), std::size_t(3));
        QCOMPARE(out.response["trail"][0]["status"].get<int>(), 503);
        QCOMPARE(gw.requests().size(), std::size_t(3));
        // Duplicate deliveries are the same request: the gateway can apply it once.
        for (const auto &r : gw.requests()) {
            QCOMPARE(r.header("idempotency-key"), gw.requests().front().header("idempotency-key"));
            QCOMPARE(r.body, gw.requests().front().body);
        }
    }

    void honoursRetryAfter()
    {
        FakeGateway gw;
        gw.script({{429, "{}", "1", false}});
        feeds::HttpActionConnector c(gatewayConnector(gw.url(), {{"backoff_ms", 0}}));
        QElapsedTimer t;
        t.start();
        const auto out = offThread([&] { return c.deliver(suspendDelivery()); });
        QVERIFY(out.ok);
        QCOMPARE(out.attempts, 2);
        QVERIFY(t.elapsed() >= 900);   // waited the second the gateway asked for
    }

    void clientErrorIsFinal()
    {
        FakeGateway gw;
        gw.script({{400, "{\"error\":\"unknown account\"}", {}, false}});
        feeds::HttpActionConnector c(gatewayConnector(gw.url()));
        const auto out = offThread([&] { return c.deliver(suspendDelivery()); });
        QVERIFY(!out.ok);
        QCOMPARE(out.attempts, 1);
        QVERIFY2(out.error.find("400") != std::string::npos, out.error.c_str());
        QCOMPARE(out.response["body"]["error"].get<std::string>(), std::string("unknown account"));
        QCOMPARE(gw.requests().size(), std::size_t(1));
    }

    void timesOutASilentGateway()
    {
        FakeGateway gw;
        gw.script({{200, {}, {}, true}, {200, {}, {}, true}});
        feeds::HttpActionConnector c(gatewayConnector(gw.url(), {{"timeout_ms", 300}, {"retries", 1}}));
        const auto out = offThread([&] { return c.deliver(suspendDelivery()); });
        QVERIFY(!out.ok);
        QCOMPARE(out.attempts, 2);
        QVERIFY2(out.error.find("no answer within 300 ms") != std::string::npos, out.error.c_str());
        QCOMPARE(gw.requests().size(), std::size_t(2));
    }

    void missingSecretIsAnErrorWithoutARequest()
    {
        FakeGateway gw;
        qunsetenv("CORDON_TEST_NO_SUCH_TOKEN");
        feeds::HttpActionConnector c(gatewayConnector(gw.url(), {{"auth", "bearer"}, {"secret", "env:CORDON_TEST_NO_SUCH_TOKEN"}}));
        const auto out = offThread([&] { return c.deliver(suspendDelivery()); });
        QVERIFY(!out.ok);
        QCOMPARE(out.attempts, 0);
        QVERIFY2(out.error.find("CORDON_TEST_NO_SUCH_TOKEN") != std::string::npos, out.error.c_str());
        QVERIFY(gw.requests().empty());
    }

    void executeAndRevertOnACase()
    {
        QTemporaryDir dir;
        auto file = test::newCase(dir.filePath(QStringLiteral("c.cordon")));
        Database &db = file->db();
        ManualClock clock(1'700'000'000'000'000);
        FakeGateway gw;
        QVERIFY(saveConnector(db, clock, "ana", gatewayConnector(gw.url())).ok());
        const auto id = proposeAction(db, clock, {"account.suspend", "u-9", {{"duration_hours", 2}, {"reason", "r"}},
                                                  {}, {}, "gateway", "cordon"})->id;
        QVERIFY(approveAction(db, clock, id, "ana").ok());
        // The first execution fails at the gateway, the retry succeeds: one action, executed.
        gw.script({{500, "{}", {}, false}, {500, "{}", {}, false}, {500, "{}", {}, false}});
        const auto http = feeds::httpConnectorFactory();
        QVERIFY(!offThread([&] { return runAction(db, clock, id, ActionDelivery::Operation::Execute, "ana", http); }).ok());
        QCOMPARE(std::string(toString(findAction(db, id)->state)), std::string("failed"));
        QVERIFY(offThread([&] { return runAction(db, clock, id, ActionDelivery::Operation::Execute, "ana", http); }).ok());
        QVERIFY(verifyAction(db, clock, id, "bo").ok());
        QVERIFY(offThread([&] { return runAction(db, clock, id, ActionDelivery::Operation::Revert, "bo", http); }).ok());
        // Once reverted, nothing more goes out.
        QVERIFY(!offThread([&] { return runAction(db, clock, id, ActionDelivery::Operation::Execute, "ana", http); }).ok());

        std::vector<std::string> seen;
        for (const auto &r : gw.requests())
            seen.push_back(r.header("idempotency-key").toStdString());
        Statement caseId = db.prepare("SELECT uuid FROM case_info");
        QVERIFY(caseId.step());
        const std::string uuid = caseId.text(0);
        const std::string exec = uuid + ":" + std::to_string(id) + ":execute", revert = uuid + ":" + std::to_string(id) + ":revert";
        QCOMPARE(seen, (std::vector<std::string>{exec, exec, exec, exec, revert}));
        const auto a = findAction(db, id);
        QCOMPARE(a->attempts, 4);
        QCOMPARE(a->result["status"].get<int>(), 200);
        QCOMPARE(a->revertResult["status"].get<int>(), 200);
        const auto report = verifyCase(db, str(dir.path()));
        QVERIFY2(report.ok(), report.problems.empty() ? "" : report.problems.front().c_str());
    }
};

QTEST_GUILESS_MAIN(TestActionConnector)
#include "tst_action_connector.moc"
