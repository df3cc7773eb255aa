// Feed definitions kept in the case file, through the real CLI: added, listed, disabled,
// removed, audited, refused when they would hold a secret, and run by a bare `listen`.
#include "test_support.h"

#include <fstream>

using namespace cordon;
using namespace Qt::StringLiterals;

class TestFeedsCli : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private slots:
    void definitionsAreStoredAuditedAndRun()
    {
        const QString path = m_dir.filePath(u"feeds.cordon"_s);
        QCOMPARE(test::cli({u"new"_s, path, u"--title"_s, u"feeds"_s}).exitCode, 0);
        const QString log = m_dir.filePath(u"gateway.jsonl"_s);
        {
            std::ofstream out(test::str(log));
            for (int i = 0; i < 5; ++i)
                out << "{\"time\":\"2026-11-20T00:00:00Z\",\"kind\":\"note\",\"id\":\"n" << i << "\"}\n";
        }
        QCOMPARE(test::cli({u"feeds"_s, path, u"add"_s, u"gateway-log"_s, u"--tail"_s, log}).exitCode, 0);
        QCOMPARE(test::cli({u"feeds"_s, path, u"add"_s, u"hooks"_s, u"--http"_s, u"127.0.0.1:0"_s, u"--http-auth"_s,
                            u"bearer:env:HOOK_TOKEN"_s, u"--disabled"_s}).exitCode, 0);
        // A literal secret is refused: secrets are not stored in the case.
        auto literal = test::cli({u"feeds"_s, path, u"add"_s, u"leaky"_s, u"--http"_s, u"127.0.0.1:0"_s,
                                  u"--http-auth"_s, u"bearer:hunter2"_s});
        QVERIFY(literal.exitCode != 0);
        QVERIFY(literal.err.contains(u"not stored in the case file"_s));
        QVERIFY(test::cli({u"feeds"_s, path, u"add"_s, u"gateway-log"_s, u"--tail"_s, log}).exitCode != 0);   // same name

        const auto list = test::cli({u"feeds"_s, path});
        QVERIFY(list.out.contains(u"gateway-log"_s));
        QVERIFY(list.out.contains(u"disabled"_s));
        QVERIFY(!list.out.contains(u"hunter2"_s));

        // A bare listen runs the enabled feeds: the tail, not the disabled webhook.
        QProcess listener;
        listener.start(QStringLiteral(CORDON_CLI), {u"listen"_s, path, u"--no-detect"_s});
        QByteArray banner;
        while (!banner.contains("Ctrl+C") && listener.waitForReadyRead(10000))
            banner += listener.readAllStandardOutput();
        QVERIFY(banner.contains("gateway-log: following"));
        QVERIFY(!banner.contains("hooks"));
        QTest::qWait(800);
        listener.terminate();
        QVERIFY(listener.waitForFinished(10000));
        QCOMPARE(test::sqlite(path, u"SELECT COUNT(*) FROM events"_s).out.trimmed(), u"5"_s);
        QVERIFY(test::sqlite(path, u"SELECT position FROM feed_checkpoints WHERE feed = 'gateway-log'"_s)
                    .out.contains(u"offset="_s));

        QCOMPARE(test::cli({u"feeds"_s, path, u"disable"_s, u"gateway-log"_s}).exitCode, 0);
        // An edit replaces the definition, may rename it, and refuses a literal secret too.
        QVERIFY(test::cli({u"feeds"_s, path, u"edit"_s, u"hooks"_s, u"--http"_s, u"127.0.0.1:0"_s, u"--http-auth"_s,
                           u"bearer:hunter2"_s}).exitCode != 0);
        QCOMPARE(test::cli({u"feeds"_s, path, u"edit"_s, u"hooks"_s, u"--rename"_s, u"alertmanager"_s, u"--http"_s,
                            u"127.0.0.1:9099"_s, u"--disabled"_s}).exitCode, 0);
        const auto edited = test::cli({u"feeds"_s, path}).out;
        QVERIFY(edited.contains(u"alertmanager"_s));
        QVERIFY(edited.contains(u"9099"_s));
        QVERIFY(!edited.contains(u"hooks"_s));
        QCOMPARE(test::cli({u"feeds"_s, path, u"remove"_s, u"alertmanager"_s}).exitCode, 0);
        QCOMPARE(test::sqlite(path, u"SELECT group_concat(action, ' ') FROM (SELECT action FROM audit WHERE object_type = 'feed' ORDER BY seq)"_s).out.trimmed(),
                 u"feed.add feed.add feed.disable feed.edit feed.remove"_s);
        QCOMPARE(test::cli({u"verify"_s, path}).exitCode, 0);
        // An edit outside Cordon is caught.
        test::sqlite(path, u"UPDATE feeds SET config = '{\"path\":\"/etc/shadow\"}'"_s);
        QCOMPARE(test::cli({u"verify"_s, path}).exitCode, 4);
    }
};

QTEST_GUILESS_MAIN(TestFeedsCli)
#include "tst_feeds_cli.moc"
