// A real Prometheus Alertmanager (Debian's package) started by the test: its webhook
// receiver is Cordon, an alert posted to it arrives end to end; Cordon also pulls the same
// alert from its API.
#include "blocking_http.h"
#include "test_support.h"

#include "core/ingest/live_ingest.h"
#include "core/feeds/alertmanager_pull.h"
#include "core/feeds/http_receiver.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>

#include <nlohmann/json.hpp>

#include <fstream>

using namespace cordon;
using namespace Qt::StringLiterals;

namespace {

quint16 freePort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

} // namespace

class TestAlertmanager : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private slots:
    void realAlertmanagerDeliversAndIsPulled()
    {
        const QString binary = QStandardPaths::findExecutable(u"prometheus-alertmanager"_s);
        QVERIFY2(!binary.isEmpty(), "prometheus-alertmanager is not installed (scripts/deps.sh --test-peers installs it)");

        auto file = test::newCase(m_dir.filePath(u"am.cordon"_s));
        core::LiveOptions live;
        live.commitInterval = std::chrono::milliseconds(20);
        live.detect = false;
        core::LiveIngest ingest(*file, core::SystemClock::instance(), live);
        feeds::HttpFeedOptions http;
        http.feed = "alertmanager";
        http.auth = {feeds::WebhookAuth::Kind::Bearer, "am-token", 5 * 60 * 1'000'000LL};
        feeds::HttpReceiver receiver(ingest, core::SystemClock::instance(), http);
        QVERIFY(receiver.listen().ok());

        const quint16 amPort = freePort();
        const std::string config = test::str(m_dir.filePath(u"alertmanager.yml"_s));
        std::ofstream(config) << "route:\n  receiver: cordon\n  group_by: [alertname]\n  group_wait: 1s\n"
                                 "  group_interval: 1s\n  repeat_interval: 1h\n"
                                 "receivers:\n  - name: cordon\n    webhook_configs:\n"
                                 "      - url: http://127.0.0.1:" << receiver.port() << "/v1/alertmanager\n"
                                 "        send_resolved: true\n"
                                 "        http_config:\n          authorization:\n            type: Bearer\n"
                                 "            credentials: am-token\n";
        QProcess am;
        am.setProcessChannelMode(QProcess::MergedChannels);
        am.start(binary, {u"--config.file="_s + QString::fromStdString(config),
                          u"--storage.path="_s + m_dir.filePath(u"am-data"_s),
                          u"--web.listen-address=127.0.0.1:%1"_s.arg(amPort), u"--cluster.listen-address="_s});
        QVERIFY(am.waitForStarted());
        // Ready when its API answers.
        bool ready = false;
        for (int i = 0; i < 100 && !ready; ++i) {
            QTest::qWait(100);
            test::BlockingHttp probe(amPort);
            std::string body;
            ready = probe.post("/api/v2/alerts", "[]", {}, &body) == 200;
        }
        QVERIFY2(ready, am.readAll().constData());

        const std::string alert = nlohmann::json::array({{{"labels", {{"alertname", "GuardrailBlockRate"},
                                                                       {"severity", "critical"},
                                                                       {"account", "acct-0042"}}},
                                                           {"annotations", {{"summary", "guardrail blocks above 20%"}}},
                                                           {"generatorURL", "http://prometheus.local/graph"}}})
                                      .dump();
        test::BlockingHttp client(amPort);
        QCOMPARE(client.post("/api/v2/alerts", alert), 200);

        // Alertmanager groups for a second, then posts to Cordon; we answer after commit.
        auto count = [&] { return file->openReadConnection().queryInt("SELECT COUNT(*) FROM events"); };
        QTRY_VERIFY_WITH_TIMEOUT(count() >= 1, 30000);
        const std::string attrs = [&] {
            core::Database reader = file->openReadConnection();
            core::Statement st = reader.prepare("SELECT attributes FROM events WHERE kind = 'alert'");
            return st.step() ? st.text(0) : std::string();
        }();
        const auto a = nlohmann::json::parse(attrs);
        QCOMPARE(a.value("alert.name", ""), std::string("GuardrailBlockRate"));
        QCOMPARE(a.value("alert.severity", ""), std::string("critical"));
        QCOMPARE(a.value("alertmanager.receiver", ""), std::string("cordon"));
        QCOMPARE(file->openReadConnection().queryInt(
                     "SELECT COUNT(*) FROM events e JOIN entities n ON n.id = e.account_id WHERE n.value = 'acct-0042'"),
                 std::int64_t(1));
        // The answer follows the commit, so it may still be on its way.
        QTRY_VERIFY_WITH_TIMEOUT(receiver.counters().ok.load() >= 1, 5000);

        // Pull: the same alert from GET /api/v2/alerts; a second poll adds nothing.
        feeds::AlertmanagerPullOptions pullOptions;
        pullOptions.base = QUrl(u"http://127.0.0.1:%1"_s.arg(amPort));
        feeds::AlertmanagerPull pull(ingest, core::SystemClock::instance(), pullOptions);
        QSignalSpy polled(&pull, &feeds::AlertmanagerPull::polled);
        const auto before = count();
        pull.pollNow();
        QVERIFY(polled.wait(10000));
        QVERIFY2(polled.takeFirst().at(0).toBool(), pull.lastError().c_str());
        ingest.flush();
        QCOMPARE(count(), before + 1);
        pull.pollNow();
        QVERIFY(polled.wait(10000));
        ingest.flush();
        QCOMPARE(count(), before + 1);

        am.terminate();
        am.waitForFinished(10000);
        ingest.stop();
    }
};

QTEST_GUILESS_MAIN(TestAlertmanager)
#include "tst_alertmanager.moc"
