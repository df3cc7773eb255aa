#include "ui/case_loader.h"

#include "core/audit/audit_log.h"
#include "core/detect/detection_engine.h"
#include "core/query/case_reader.h"
#include "core/store/case_file.h"

namespace cordon::ui {

/// Lives on the loader thread; owns the CaseFile and a read connection.
class CaseLoader::Worker : public QObject {
public:
    explicit Worker(CaseLoader *owner) : m_owner(owner) {}

    void open(const QString &path)
    {
        m_reader.reset();
        m_file.reset();
        auto file = core::CaseFile::open(path.toStdString(), {false, "cordon (GUI)"});
        if (!file) {
            // A case another process is writing can still be looked at.
            if (file.error().code == core::ErrorCode::InUse)
                file = core::CaseFile::open(path.toStdString(), {true, "cordon (GUI)"});
            if (!file) {
                Q_EMIT m_owner->failed(path, QString::fromStdString(file.error().message));
                return;
            }
        }
        m_file = std::move(file.value());
        m_path = path;
        try {
            m_reader = std::make_unique<core::CaseReader>(m_file->openReadConnection());
        } catch (const core::SqlError &e) {
            Q_EMIT m_owner->failed(path, QString::fromUtf8(e.what()));
            return;
        }
        refresh();
        catchUpDetection();
    }

    /// Events imported without detection (--no-detect, an older Cordon) are evaluated once
    /// the case is shown; the window is refreshed when that raised or changed alerts.
    void catchUpDetection()
    {
        if (!m_file || m_file->isReadOnly())
            return;
        try {
            auto rules = core::DetectionConfig::forCase(m_file->db());
            if (!rules) {
                Q_EMIT m_owner->failed(m_path, QString::fromStdString(rules.error().message));
                return;
            }
            core::DetectionEngine engine(*rules, core::SystemClock::instance());
            const core::DetectionPass pass = engine.run(m_file->db());
            if (pass.raised || pass.updated)
                refresh();
        } catch (const core::SqlError &e) {
            Q_EMIT m_owner->failed(m_path, QStringLiteral("detection could not run: %1").arg(QString::fromUtf8(e.what())));
        }
    }

    void refresh()
    {
        if (!m_reader)
            return;
        CaseSnapshot s;
        s.path = m_path;
        auto info = m_reader->info();
        auto stats = m_reader->stats();
        auto events = m_reader->newestEvents(200);
        if (!info || !stats || !events) {
            const auto &err = !info ? info.error() : !stats ? stats.error() : events.error();
            Q_EMIT m_owner->failed(m_path, QString::fromStdString(err.message));
            return;
        }
        s.info = info.value();
        s.stats = stats.value();
        s.newestEvents = std::move(events.value());
        s.accounts = m_reader->distinctAccounts();
        s.readAt = core::SystemClock::instance().now();
        try {
            s.alerts = core::listAlerts(m_reader->db(), s.readAt);
        } catch (const core::SqlError &e) {
            Q_EMIT m_owner->failed(m_path, QString::fromUtf8(e.what()));
            return;
        }
        s.auditHead = QString::fromStdString(core::toHex(core::AuditLog::headHash(m_reader->db(), &s.auditEntries)));
        if (m_file->isReadOnly())
            s.readOnlyReason = QString::fromStdString(m_file->readOnlyReason());
        Q_EMIT m_owner->loaded(s);
    }

private:
    CaseLoader *m_owner;
    QString m_path;
    std::unique_ptr<core::CaseFile> m_file;
    std::unique_ptr<core::CaseReader> m_reader;
};

CaseLoader::CaseLoader(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<cordon::ui::CaseSnapshot>();
    m_thread.setObjectName(QStringLiteral("case-loader"));
    m_worker = new Worker(this);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

CaseLoader::~CaseLoader()
{
    m_thread.quit();
    m_thread.wait();
}

void CaseLoader::open(const QString &path)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, path] { w->open(path); }, Qt::QueuedConnection);
}

void CaseLoader::refresh()
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->refresh(); }, Qt::QueuedConnection);
}

} // namespace cordon::ui
