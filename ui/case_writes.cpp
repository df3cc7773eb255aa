#include "ui/case_writes.h"

#include "core/ingest/live_ingest.h"

#include <QPointer>
#include <QSettings>

namespace cordon::ui {

QString responderName()
{
    const QString set = QSettings().value(QStringLiteral("responder/name")).toString().trimmed();
    if (!set.isEmpty())
        return set;
    const QString login = qEnvironmentVariable("USER").trimmed();
    return login.isEmpty() ? QStringLiteral("responder") : login;
}

void postWrite(core::LiveIngest &writer, QObject *context, std::function<core::Status(core::Database &)> job,
               std::function<void(const QString &)> then)
{
    QPointer<QObject> guard(context);
    writer.post([guard, job = std::move(job), then = std::move(then)](core::Database &db) {
        QString error;
        try {
            if (auto status = job(db); !status)
                error = QString::fromStdString(status.error().message);
        } catch (const std::exception &e) {
            error = QString::fromUtf8(e.what());
        }
        if (!guard)
            return;
        QMetaObject::invokeMethod(guard, [guard, then, error] {
            if (guard)
                then(error);
        }, Qt::QueuedConnection);
    });
}

void CaseWrites::attach(core::LiveIngest *writer)
{
    ++m_generation;
    m_writer = writer;
    Q_EMIT writableChanged(writer != nullptr);
}

void CaseWrites::write(std::function<core::Status(core::Database &)> job, std::function<void(const QString &)> then)
{
    if (!m_writer) {
        then(tr("the case is open read-only"));
        return;
    }
    postWrite(*m_writer, this, std::move(job), [this, generation = m_generation, then = std::move(then)](const QString &error) {
        if (generation != m_generation)
            return;
        then(error);
    });
}

} // namespace cordon::ui
