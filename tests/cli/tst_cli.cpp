// cordon-cli as a user runs it: commands, outputs and exit codes.
#include "test_support.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

using namespace cordon;

class TestCli : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    QString path(const char *name) const { return m_dir.filePath(QString::fromUtf8(name)); }

private slots:
    void usageErrorsExitTwo()
    {
        QCOMPARE(test::cli({}).exitCode, 2);
        QCOMPARE(test::cli({QStringLiteral("frobnicate")}).exitCode, 2);
        QCOMPARE(test::cli({QStringLiteral("new"), path("a.cordon")}).exitCode, 2); // no --title
        QCOMPARE(test::cli({QStringLiteral("import"), path("a.cordon")}).exitCode, 2);
        QCOMPARE(test::cli({QStringLiteral("info"), path("a.cordon"), QStringLiteral("--bogus")}).exitCode, 2);
        QCOMPARE(test::cli({QStringLiteral("simulate"), QStringLiteral("--scenario"), QStringLiteral("nope")}).exitCode, 2);
        auto help = test::cli({QStringLiteral("help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains(QStringLiteral("verify CASE")));
    }

    void newInfoImportVerify()
    {
        const QString c = path("case.cordon");
        auto created = test::cli({QStringLiteral("new"), c, QStringLiteral("--title"), QStringLiteral("Gateway abuse"),
                                  QStringLiteral("--type"), QStringLiteral("service_abuse"), QStringLiteral("--severity"),
                                  QStringLiteral("High"), QStringLiteral("--exercise")});
        QCOMPARE(created.exitCode, 0);
        QCOMPARE(test::cli({QStringLiteral("new"), c, QStringLiteral("--title"), QStringLiteral("again")}).exitCode, 1);

        auto imported = test::cli({QStringLiteral("import"), c, test::testData("events_good.jsonl")});
        QCOMPARE(imported.exitCode, 0);
        QVERIFY(imported.out.contains(QStringLiteral("accepted    4")));

        auto partial = test::cli({QStringLiteral("import"), c, test::testData("events_bad.jsonl")});
        QCOMPARE(partial.exitCode, 3);
        QVERIFY(partial.out.contains(QStringLiteral("rejected    8 to dead letters")));
        QVERIFY(partial.out.contains(QStringLiteral("missing \"time\"")));

        auto info = test::cli({QStringLiteral("info"), c, QStringLiteral("--json")});
        QCOMPARE(info.exitCode, 0);
        const auto json = QJsonDocument::fromJson(info.out.toUtf8()).object();
        QCOMPARE(json.value(QStringLiteral("title")).toString(), QStringLiteral("Gateway abuse"));
        QCOMPARE(json.value(QStringLiteral("incident_type")).toString(), QStringLiteral("service_abuse"));
        QCOMPARE(json.value(QStringLiteral("severity")).toString(), QStringLiteral("High"));
        QCOMPARE(json.value(QStringLiteral("exercise")).toBool(), true);
        QCOMPARE(json.value(QStringLiteral("events")).toInt(), 6);
        QCOMPARE(json.value(QStringLiteral("dead_letters")).toInt(), 8);
        QCOMPARE(json.value(QStringLiteral("audit_entries")).toInt(), 3);

        auto verify = test::cli({QStringLiteral("verify"), c});
        QCOMPARE(verify.exitCode, 0);
        QCOMPARE(verify.out.trimmed(), QStringLiteral("ok ") + json.value(QStringLiteral("audit_head")).toString());
    }

    void responseFromTheTerminal()
    {
        const QString c = path("response.cordon");
        QCOMPARE(test::cli({QStringLiteral("new"), c, QStringLiteral("--title"), QStringLiteral("R")}).exitCode, 0);
        // service_abuse proposes one fixed action: tighten rate limits.
        auto proposed = test::cli({QStringLiteral("propose"), c, QStringLiteral("--playbook"), QStringLiteral("service_abuse"),
                                   QStringLiteral("--actor"), QStringLiteral("bo")});
        QCOMPARE(proposed.exitCode, 0);
        QVERIFY2(proposed.out.contains(QStringLiteral("1 proposed")), qPrintable(proposed.out));
        QCOMPARE(test::cli({QStringLiteral("propose"), c, QStringLiteral("--forensics")}).exitCode, 2);   // no --actor
        // Execute before approve: refused, exit 1, and says why.
        auto early = test::cli({QStringLiteral("action"), c, QStringLiteral("1"), QStringLiteral("execute"),
                                QStringLiteral("--actor"), QStringLiteral("ana"), QStringLiteral("--note"), QStringLiteral("done")});
        QCOMPARE(early.exitCode, 1);
        QVERIFY2(early.err.contains(QStringLiteral("must be approved before it is executed")), qPrintable(early.err));
        QCOMPARE(test::cli({QStringLiteral("action"), c, QStringLiteral("1"), QStringLiteral("approve"),
                            QStringLiteral("--actor"), QStringLiteral("ana")}).exitCode, 0);
        auto executed = test::cli({QStringLiteral("action"), c, QStringLiteral("1"), QStringLiteral("execute"),
                                   QStringLiteral("--actor"), QStringLiteral("ana"), QStringLiteral("--note"),
                                   QStringLiteral("limits lowered in the gateway console")});
        QCOMPARE(executed.exitCode, 0);
        auto listed = test::cli({QStringLiteral("actions"), c, QStringLiteral("--json")});
        const auto actions = nlohmann::json::parse(listed.out.toStdString());
        QCOMPARE(actions.size(), std::size_t(1));
        QCOMPARE(actions[0]["state"].get<std::string>(), std::string("executed"));
        QCOMPARE(actions[0]["result"]["note"].get<std::string>(), std::string("limits lowered in the gateway console"));
        auto tasks = test::cli({QStringLiteral("tasks"), c, QStringLiteral("--json")});
        QVERIFY(nlohmann::json::parse(tasks.out.toStdString()).size() >= 4);
        QCOMPARE(test::cli({QStringLiteral("action"), c, QStringLiteral("1,x"), QStringLiteral("verify"),
                            QStringLiteral("--actor"), QStringLiteral("ana")}).exitCode, 2);
        QCOMPARE(test::cli({QStringLiteral("verify"), c}).exitCode, 0);
    }

    void clocksStatementsAndArtefactsFromTheTerminal()
    {
        const QString c = path("comms.cordon");
        auto cli = [](std::initializer_list<const char *> words) {
            QStringList args;
            for (const char *w : words)
                args << QString::fromUtf8(w);
            return test::cli(args);
        };
        QCOMPARE(test::cli({QStringLiteral("new"), c, QStringLiteral("--title"), QStringLiteral("Leak"),
                            QStringLiteral("--type"), QStringLiteral("pii_leakage")}).exitCode, 0);
        const std::string cs = test::str(c);
        auto none = cli({"clocks", cs.c_str()});
        QVERIFY2(none.out.contains(QStringLiteral("no regulatory clock is running")), qPrintable(none.out));
        QCOMPARE(cli({"clock", cs.c_str(), "gdpr_art33", "start", "--actor", "lee"}).exitCode, 1);   // no basis
        QCOMPARE(cli({"clock", cs.c_str(), "gdpr_art33", "start", "--basis", "DPO confirmed leaked e-mail addresses",
                      "--at", "2026-11-20T09:30:00Z", "--actor", "lee"}).exitCode, 0);
        const auto clocks = nlohmann::json::parse(cli({"clocks", cs.c_str(), "--json"}).out.toStdString());
        QCOMPARE(clocks.size(), std::size_t(1));
        QCOMPARE(clocks[0]["deadline_at"].get<std::string>(), std::string("2026-11-23T09:30:00.000000Z"));
        QCOMPARE(clocks[0]["started_by"].get<std::string>(), std::string("lee"));

        auto draft = cli({"statement", cs.c_str(), "--audience", "regulators"});
        QCOMPARE(draft.exitCode, 0);
        QVERIFY(draft.out.startsWith(QStringLiteral("Subject: Personal data breach notification: Leak\n")));
        QVERIFY(draft.out.contains(QStringLiteral("aware of the breach at 2026-11-20 09:30 UTC")));
        QCOMPARE(cli({"statement", cs.c_str(), "--audience", "everyone"}).exitCode, 2);
        QFile edited(path("statement.txt"));
        QVERIFY(edited.open(QIODevice::WriteOnly));
        edited.write(draft.out.toUtf8().replace("[to be completed]", "see annex"));
        edited.close();
        const std::string from = test::str(path("statement.txt"));
        QCOMPARE(cli({"statement", cs.c_str(), "--audience", "regulators", "--record", "--from", from.c_str(), "--actor", "lee"}).exitCode, 0);
        const auto log = nlohmann::json::parse(cli({"comms", cs.c_str(), "--json"}).out.toStdString());
        QCOMPARE(log.size(), std::size_t(1));
        QCOMPARE(log[0]["status"].get<std::string>(), std::string("recorded"));
        QCOMPARE(log[0]["subject"].get<std::string>(), std::string("Personal data breach notification: Leak"));
        QVERIFY(log[0]["body"].get<std::string>().find("see annex") != std::string::npos);
        QCOMPARE(cli({"clock", cs.c_str(), "gdpr_art33", "close", "--outcome", "notified", "--note", "ICO case 4711",
                      "--actor", "lee"}).exitCode, 0);

        const std::string out = test::str(path("artefacts"));
        auto written = cli({"artefacts", cs.c_str(), "--out", out.c_str()});
        QCOMPARE(written.exitCode, 0);
        QCOMPARE(written.out.count(QLatin1Char('\n')), 5);
        QVERIFY(QFile::exists(path("artefacts/accounts.csv")));
        QCOMPARE(test::cli({QStringLiteral("verify"), c}).exitCode, 0);
    }

    void teamAndCaseProgressFromTheTerminal()
    {
        const QString c = path("team.cordon");
        const std::string cs = test::str(c);
        auto cli = [](std::initializer_list<const char *> words) {
            QStringList args;
            for (const char *w : words)
                args << QString::fromUtf8(w);
            return test::cli(args);
        };
        QCOMPARE(test::cli({QStringLiteral("new"), c, QStringLiteral("--title"), QStringLiteral("Team")}).exitCode, 0);
        QCOMPARE(cli({"roster", cs.c_str(), "add", "Ines", "--role", "incident_commander", "--contact", "ines@example.org",
                      "--on-call", "--actor", "ines"}).exitCode, 0);
        QCOMPARE(cli({"roster", cs.c_str(), "add", "Bo", "--role", "chef", "--actor", "ines"}).exitCode, 2);
        const auto roster = nlohmann::json::parse(cli({"roster", cs.c_str(), "--json"}).out.toStdString());
        QCOMPARE(roster.size(), std::size_t(1));
        QCOMPARE(roster[0]["role"].get<std::string>(), std::string("incident_commander"));
        QCOMPARE(roster[0]["on_call"].get<bool>(), true);

        QCOMPARE(cli({"policy", cs.c_str(), "--two-person", "on", "--actor", "ines"}).exitCode, 0);
        const auto policy = nlohmann::json::parse(cli({"policy", cs.c_str()}).out.toStdString());
        QCOMPARE(policy["two_person_approval"].get<bool>(), true);

        QFile connectors(path("connectors.json"));
        QVERIFY(connectors.open(QIODevice::WriteOnly));
        connectors.write(R"([{"name": "drop", "kind": "file", "config": {"directory": "/tmp/cordon-actions"}, "dry_run": true}])");
        connectors.close();
        const std::string file = test::str(path("connectors.json"));
        QCOMPARE(cli({"connectors", cs.c_str(), "--set", file.c_str(), "--actor", "ines"}).exitCode, 0);
        const auto listed = nlohmann::json::parse(cli({"connectors", cs.c_str(), "--json"}).out.toStdString());
        QCOMPARE(listed.size(), std::size_t(1));
        QCOMPARE(listed[0]["dry_run"].get<bool>(), true);
        QCOMPARE(cli({"connectors", cs.c_str(), "--remove", "drop", "--actor", "ines"}).exitCode, 0);

        QCOMPARE(cli({"milestone", cs.c_str(), "declared", "--at", "2026-11-20T09:30:00Z", "--actor", "ines"}).exitCode, 0);
        QCOMPARE(cli({"milestone", cs.c_str(), "contained", "--at", "2026-11-20T08:00:00Z", "--actor", "ines"}).exitCode, 1);   // before declared
        QCOMPARE(cli({"phase", cs.c_str(), "Triage", "--actor", "ines"}).exitCode, 1);   // back, without --back
        QCOMPARE(cli({"phase", cs.c_str(), "Investigation", "--actor", "ines"}).exitCode, 0);
        const auto info = nlohmann::json::parse(cli({"info", cs.c_str(), "--json"}).out.toStdString());
        QCOMPARE(info["phase"].get<std::string>(), std::string("Investigation"));
        QCOMPARE(test::cli({QStringLiteral("verify"), c}).exitCode, 0);
    }

    void unusableFilesExitFive()
    {
        QFile junk(path("junk.cordon"));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("not a case");
        junk.close();
        for (const char *cmd : {"info", "verify"}) {
            auto r = test::cli({QString::fromUtf8(cmd), path("junk.cordon")});
            QCOMPARE(r.exitCode, 5);
            QVERIFY(r.err.contains(QStringLiteral("not a Cordon case file")));
        }
        QCOMPARE(test::cli({QStringLiteral("info"), path("missing.cordon")}).exitCode, 1);
    }

    void simulateWritesEventsAndTruth()
    {
        const QString out = path("sim.jsonl");
        auto r = test::cli({QStringLiteral("simulate"), QStringLiteral("--scenario"), QStringLiteral("jwt-bypass"),
                            QStringLiteral("--events"), QStringLiteral("3000"), QStringLiteral("--seed"),
                            QStringLiteral("9"), QStringLiteral("--out"), out});
        QCOMPARE(r.exitCode, 0);
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll().count('\n'), 3000);
        QFile truth(out + QStringLiteral(".truth.json"));
        QVERIFY(truth.open(QIODevice::ReadOnly));
        const auto doc = QJsonDocument::fromJson(truth.readAll()).object();
        QCOMPARE(doc.value(QStringLiteral("scenario")).toString(), QStringLiteral("jwt-bypass"));

        // The simulated file imports cleanly.
        const QString c = path("sim.cordon");
        QCOMPARE(test::cli({QStringLiteral("new"), c, QStringLiteral("--title"), QStringLiteral("sim")}).exitCode, 0);
        auto imported = test::cli({QStringLiteral("import"), c, out});
        QCOMPARE(imported.exitCode, 0);
        QVERIFY(imported.out.contains(QStringLiteral("accepted    3,000")));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
