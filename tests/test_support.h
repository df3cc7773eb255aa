#pragma once

// Helpers shared by the suites: temporary case files, running the real CLI and the real
// sqlite3 shell as child processes.
#include "core/ingest/importer.h"
#include "core/store/case_file.h"
#include "core/util/clock.h"

#include <nlohmann/json.hpp>

#include <QProcess>
#include <QString>
#include <QTemporaryDir>
#include <QTest>

#include <string>

namespace cordon::test {

inline std::string str(const QString &s)
{
    return s.toStdString();
}

struct ProcessResult {
    int exitCode = -1;
    QString out, err;
};

inline ProcessResult runProcess(const QString &program, const QStringList &args, int timeoutMs = 120000)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

inline ProcessResult cli(const QStringList &args)
{
    return runProcess(QStringLiteral(CORDON_CLI), args);
}

/// Runs SQL through the sqlite3 shell, as an attacker with file access would.
inline ProcessResult sqlite(const QString &path, const QString &sql)
{
    return runProcess(QStringLiteral("sqlite3"), {path, sql});
}

inline std::unique_ptr<core::CaseFile> newCase(const QString &path, const std::string &title = "Test case")
{
    core::NewCase spec;
    spec.title = title;
    auto file = core::CaseFile::create(str(path), spec, core::SystemClock::instance(), "tester");
    if (!file)
        qFatal("creating %s failed: %s", qPrintable(path), file.error().message.c_str());
    return std::move(file.value());
}

/// Imports files into a case through the real importer; a failure ends the test run.
inline void importFiles(core::CaseFile &file, const std::vector<std::string> &files)
{
    auto summary = core::Importer(file, core::SystemClock::instance()).run(files);
    if (!summary)
        qFatal("import failed: %s", summary.error().message.c_str());
}

inline std::string base64Url(std::string_view in)
{
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    std::uint32_t buf = 0;
    int bits = 0;
    for (unsigned char c : in) {
        buf = (buf << 8) | c;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out.push_back(kAlphabet[(buf >> bits) & 63]);
        }
    }
    if (bits > 0)
        out.push_back(kAlphabet[(buf << (6 - bits)) & 63]);
    return out;
}

/// A JWT with the given header and claims and a dummy signature (forensics needs no key).
inline std::string jwt(const nlohmann::json &header, const nlohmann::json &claims)
{
    return base64Url(header.dump()) + "." + base64Url(claims.dump()) + ".c2ln";
}

inline QString testData(const char *name)
{
    return QStringLiteral(CORDON_TEST_DATA "/") + QString::fromUtf8(name);
}

} // namespace cordon::test
