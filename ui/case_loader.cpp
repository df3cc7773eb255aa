#include "ui/case_loader.h"

#include "core/audit/audit_log.h"
#include "core/detect/detection_engine.h"
#include "core/forensics/live_analysis.h"
#include "core/ingest/live_ingest.h"
#include "core/query/case_reader.h"
#include "core/store/case_file.h"
#include "core/triage/alert_account_tally.h"
#include "core/util/log.h"

#include <QTimer>

namespace cordon::ui {

/// Lives on the loader thread; owns the CaseFile and a read connection.
class CaseLoader::Worker : public QObject {
public:
    explicit Worker(CaseLoader *owner) : m_owner(owner) {}

    void open(const QString &path, unsigned generation)
    {
        m_reader.reset();
        m_ingest.reset();
        m_file.reset();
        m_accounts.clear();
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
        // The first snapshot leaves out what needs the alerts' evidence joined to the events
        // (the accounts each alert cites, affected accounts): on a cold million-event case
        // that takes a second, and the timeline opens only once the first snapshot is shown.
        // They follow a moment later.
        m_quickLook = true;
        refresh();
        startWriter(generation);
        m_quickLook = false;
        QTimer::singleShot(kDeferredCounts, this, [this, path] {
            if (m_path == path && m_reader)
                refresh();
        });
    }

    /// A writable case gets its one writer thread: feeds commit through it, and so does
    /// every other write the window makes. Events imported without detection (--no-detect,
    /// an older Cordon) are evaluated first thing.
    void startWriter(unsigned generation)
    {
        if (m_file->isReadOnly()) {
            m_owner->emitWriter(nullptr, generation);
            return;
        }
        try {
            auto rules = core::DetectionConfig::forCase(m_file->db());
            if (!rules) {
                Q_EMIT m_owner->failed(m_path, QString::fromStdString(rules.error().message));
                return;
            }
            core::LiveOptions live;
            live.rules = std::move(*rules);
            live.actor = "cordon (GUI)";
            // Three commit intervals of a 20k events/s feed: beyond that the transports push
            // back (429, Retry-After) rather than the window holding a hundred MB or more of
            // parsed records (a few KB each) while the writer catches up.
            live.maxPendingRecords = 15'000;
            CaseLoader *owner = m_owner;
            live.changed = [owner](std::uint64_t) { Q_EMIT owner->caseChanged(); };
            // Forensics follows the feeds with the thresholds the case was last analysed with.
            if (auto settings = core::forensics::caseSettings(m_file->db()))
                live.analysis = core::forensics::liveAnalysis(*settings, core::SystemClock::instance(), live.actor);
            else
                core::logger("forensics")->error("live analysis is off: {}", settings.error().message);
            m_ingest = std::make_unique<core::LiveIngest>(*m_file, core::SystemClock::instance(), std::move(live));
            m_ingest->detectNow();
            m_owner->emitWriter(m_ingest.get(), generation);
        } catch (const core::SqlError &e) {
            Q_EMIT m_owner->failed(m_path, QStringLiteral("detection could not run: %1").arg(QString::fromUtf8(e.what())));
        }
    }

    void close()
    {
        m_reader.reset();
        m_ingest.reset();
        m_file.reset();
    }

    void refresh()
    {
        if (!m_reader)
            return;
        CaseSnapshot s;
        s.path = m_path;
        auto info = m_reader->info();
        auto stats = m_reader->stats();
        if (!info || !stats) {
            const auto &err = !info ? info.error() : stats.error();
            Q_EMIT m_owner->failed(m_path, QString::fromStdString(err.message));
            return;
        }
        s.info = info.value();
        s.stats = stats.value();
        s.readAt = core::SystemClock::instance().now();
        try {
            s.accounts = m_reader->distinctAccounts();
            s.alerts = core::listAlerts(m_reader->db(), s.readAt);
            if (!m_quickLook) {
                m_accounts.update(m_reader->db(), s.alerts);
                for (const auto &a : s.alerts)
                    s.alertAccounts.emplace(a.id, m_accounts.accountsOf(m_reader->db(), a.id, 3));
                s.affectedAccounts = m_accounts.affectedAccounts();
            }
            // A campaign is active while it had activity in the case's last day of events.
            const core::TimeUs newest = s.stats.lastEventTime.value_or(s.readAt);
            const auto campaigns = m_reader->campaignCounts(newest - kActiveCampaignWindow);
            s.campaigns = campaigns.total;
            s.activeCampaigns = campaigns.active;
        } catch (const core::SqlError &e) {
            Q_EMIT m_owner->failed(m_path, QString::fromUtf8(e.what()));
            return;
        }
        s.auditHead = QString::fromStdString(core::toHex(core::AuditLog::headHash(m_reader->db(), &s.auditEntries)));
        s.feeds = core::feed_store::list(m_reader->db());
        if (m_file->isReadOnly())
            s.readOnlyReason = QString::fromStdString(m_file->readOnlyReason());
        Q_EMIT m_owner->loaded(s);
    }

private:
    static constexpr core::TimeUs kActiveCampaignWindow = 24LL * 3600 * 1'000'000;
    static constexpr int kDeferredCounts = 1500;   ///< ms after opening

    CaseLoader *m_owner;
    QString m_path;
    std::unique_ptr<core::CaseFile> m_file;
    std::unique_ptr<core::LiveIngest> m_ingest;   ///< the case's writer; stopped before the file closes
    std::unique_ptr<core::CaseReader> m_reader;
    core::AlertAccountTally m_accounts;   ///< the accounts alerts cite, read as they change
    bool m_quickLook = false;   ///< the first snapshot of a case: only what is quick to read
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
    // The writer flushes what it holds before the case closes.
    QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->close(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void CaseLoader::open(const QString &path)
{
    const unsigned generation = ++m_generation;
    QMetaObject::invokeMethod(m_worker, [w = m_worker, path, generation] { w->open(path, generation); }, Qt::QueuedConnection);
}

void CaseLoader::emitWriter(core::LiveIngest *writer, unsigned generation)
{
    // Queued to the window's thread; a writer from an open() since superseded is never shown.
    QMetaObject::invokeMethod(this, [this, writer, generation] {
        if (generation == m_generation)
            Q_EMIT writerChanged(writer);
    }, Qt::QueuedConnection);
}

void CaseLoader::refresh()
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->refresh(); }, Qt::QueuedConnection);
}

} // namespace cordon::ui
