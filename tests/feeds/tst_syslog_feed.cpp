// Syslog over real UDP datagrams and TCP streams, from util-linux `logger` and raw
// sockets: framing, oversized frames without losing sync, and what lands in the case.
#include "test_support.h"

#include "core/ingest/live_ingest.h"
#include "core/feeds/syslog_receiver.h"

#include <QTcpSocket>
#include <QUdpSocket>

#include <nlohmann/json.hpp>

using namespace cordon;
using namespace Qt::StringLiterals;
using Frame = feeds::SyslogReceiver::Frame;

class TestSyslogFeed : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<core::CaseFile> m_file;
    std::unique_ptr<core::LiveIngest> m_ingest;
    std::unique_ptr<feeds::SyslogReceiver> m_receiver;

    void start(qsizetype maxMessage = 64 * 1024)
    {
        static int n = 0;
        m_file = test::newCase(m_dir.filePath(u"syslog-%1.cordon"_s.arg(++n)));
        core::LiveOptions live;
        live.commitInterval = std::chrono::milliseconds(20);
        live.detect = false;
        m_ingest = std::make_unique<core::LiveIngest>(*m_file, core::SystemClock::instance(), live);
        feeds::SyslogFeedOptions o;
        o.udpPort = 0;
        o.tcpPort = 0;
        o.batchMs = 10;
        o.maxMessageBytes = maxMessage;
        m_receiver = std::make_unique<feeds::SyslogReceiver>(*m_ingest, core::SystemClock::instance(), o);
        QVERIFY(m_receiver->listen().ok());
    }
    /// Waits until `n` rows are in `table`, as a separate reader sees them.
    bool waitForRows(const char *table, std::int64_t n)
    {
        for (int i = 0; i < 300; ++i) {
            QTest::qWait(20);
            m_ingest->flush();
            core::Database reader = m_file->openReadConnection();
            if (reader.queryInt(std::string("SELECT COUNT(*) FROM ") + table) >= n)
                return true;
        }
        return false;
    }
    std::string firstText(const char *sql)
    {
        core::Database reader = m_file->openReadConnection();
        core::Statement st = reader.prepare(sql);
        return st.step() ? st.text(0) : std::string();
    }

private slots:
    void cleanup()
    {
        m_receiver.reset();
        if (m_ingest)
            m_ingest->stop();
        m_ingest.reset();
        m_file.reset();
    }

    void framing()
    {
        qint64 skipping = 0;
        QByteArray buffer = "25 <34>1 - host app - - - hi<13>Nov 20 00:00:01 h t: newline one\n17 <13>1 - - - -";
        auto frames = feeds::SyslogReceiver::takeFrames(buffer, 64 * 1024, skipping);
        QCOMPARE(frames.size(), std::size_t(2));
        QCOMPARE(frames[0].message, QByteArray("<34>1 - host app - - - hi"));
        QCOMPARE(frames[1].message, QByteArray("<13>Nov 20 00:00:01 h t: newline one"));
        QCOMPARE(buffer, QByteArray("17 <13>1 - - - -"));   // an incomplete octet-counted frame waits
        buffer += " - x";
        frames = feeds::SyslogReceiver::takeFrames(buffer, 64 * 1024, skipping);
        QCOMPARE(frames.size(), std::size_t(1));
        QVERIFY(buffer.isEmpty());

        // An oversized octet-counted frame arriving in pieces: rejected, and the next frame is intact.
        buffer = "100000 " + QByteArray(1000, 'x');
        frames = feeds::SyslogReceiver::takeFrames(buffer, 64 * 1024, skipping);
        QCOMPARE(frames.size(), std::size_t(1));
        QVERIFY(frames[0].oversized);
        QCOMPARE(frames[0].size, qint64(100000));
        QCOMPARE(skipping, qint64(99000));
        buffer = QByteArray(99000, 'y') + "5 <1>1 ";
        frames = feeds::SyslogReceiver::takeFrames(buffer, 64 * 1024, skipping);
        QCOMPARE(frames.size(), std::size_t(1));
        QCOMPARE(frames[0].message, QByteArray("<1>1 "));
        QVERIFY(!frames[0].oversized);

        // An oversized newline-framed message: rejected, dropped up to its newline, then in sync.
        buffer = "<13>" + QByteArray(70 * 1024, 'z');
        frames = feeds::SyslogReceiver::takeFrames(buffer, 64 * 1024, skipping);
        QCOMPARE(frames.size(), std::size_t(1));
        QVERIFY(frames[0].oversized);
        buffer = "zzz tail\n<13>Nov 20 00:00:02 h t: after\n";
        frames = feeds::SyslogReceiver::takeFrames(buffer, 64 * 1024, skipping);
        QCOMPARE(frames.size(), std::size_t(1));
        QCOMPARE(frames[0].message, QByteArray("<13>Nov 20 00:00:02 h t: after"));
    }

    void loggerOverUdpAndTcp()
    {
        start();
        const QString udp = QString::number(m_receiver->udpPort()), tcp = QString::number(m_receiver->tcpPort());
        auto logger = [](const QStringList &args) {
            QProcess p;
            p.start(u"logger"_s, args);
            return p.waitForFinished(10000) && p.exitCode() == 0;
        };
        QVERIFY(logger({u"--rfc5424"_s, u"-n"_s, u"127.0.0.1"_s, u"-P"_s, udp, u"-d"_s, u"-t"_s, u"llm-gateway"_s,
                        u"--msgid"_s, u"AUTH"_s, u"--sd-id"_s, u"origin@32473"_s, u"--sd-param"_s, u"ip=\"203.0.113.9\""_s,
                        u"token rejected over udp"_s}));
        QVERIFY(logger({u"--rfc5424"_s, u"--octet-count"_s, u"-n"_s, u"127.0.0.1"_s, u"-P"_s, tcp, u"-T"_s, u"-t"_s,
                        u"llm-gateway"_s, u"token rejected over tcp"_s}));
        QVERIFY(waitForRows("events", 2));
        const std::string udpAttrs = firstText("SELECT attributes FROM events WHERE attributes LIKE '%over udp%'");
        const auto a = nlohmann::json::parse(udpAttrs);
        QCOMPARE(a.value("log.syslog.appname", ""), std::string("llm-gateway"));
        QCOMPARE(a.value("log.syslog.msgid", ""), std::string("AUTH"));
        QCOMPARE(a["log.syslog.structured_data"]["origin@32473"].value("ip", ""), std::string("203.0.113.9"));
        QVERIFY(!firstText("SELECT payload FROM events WHERE attributes LIKE '%over tcp%'").empty());
    }

    void oversizedDatagramIsKeptAsADeadLetter()
    {
        start(8 * 1024);   // a UDP datagram cannot exceed 64 KiB, so the test lowers the limit
        QUdpSocket sender;
        const QByteArray big = "<13>1 2026-11-20T00:00:00Z h app - - - " + QByteArray(10000, 'q');
        QVERIFY(sender.writeDatagram(big, QHostAddress::LocalHost, m_receiver->udpPort()) == big.size());
        QVERIFY(sender.writeDatagram("<13>1 2026-11-20T00:00:00Z h app - - - small", QHostAddress::LocalHost,
                                     m_receiver->udpPort()) > 0);
        QVERIFY(waitForRows("dead_letters", 1));
        QVERIFY(waitForRows("events", 1));
        QVERIFY(firstText("SELECT reason FROM dead_letters").find("exceeds the 8192-byte limit") != std::string::npos);
        QCOMPARE(m_receiver->counters().oversized.load(), std::int64_t(1));
        QVERIFY(m_receiver->kernelDrops() >= 0);   // read from /proc/net/udp
    }

    void tcpStreamKeepsSyncAcrossAnOversizedFrame()
    {
        start();
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, m_receiver->tcpPort());
        QTRY_VERIFY(s.state() == QAbstractSocket::ConnectedState);
        s.write("70000 " + QByteArray(70000, 'o'));
        s.write("44 <13>1 2026-11-20T00:00:00Z h app - - - after");
        s.write("<13>Nov 20 00:00:03 gw sshd[1]: Failed password for root from 198.51.100.4 port 22 ssh2\n");
        QVERIFY(waitForRows("events", 2));
        QVERIFY(waitForRows("dead_letters", 1));
        QCOMPARE(firstText("SELECT kind FROM events WHERE attributes LIKE '%Failed password%'"), std::string("auth"));
    }
};

QTEST_GUILESS_MAIN(TestSyslogFeed)
#include "tst_syslog_feed.moc"
