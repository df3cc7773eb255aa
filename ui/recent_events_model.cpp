#include "ui/recent_events_model.h"

#include "core/domain/event_flags.h"
#include "ui/severity_palette.h"

#include <QApplication>
#include <QDateTime>
#include <QPalette>
#include <QTimeZone>

namespace cordon::ui {

QString formatLocalTime(core::TimeUs t)
{
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(t / 1000, QTimeZone::systemTimeZone());
    const int offset = local.offsetFromUtc();
    const QString sign = offset < 0 ? QStringLiteral("−") : QStringLiteral("+");
    return local.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz ")) + sign
        + QStringLiteral("%1:%2").arg(std::abs(offset) / 3600, 2, 10, QLatin1Char('0')).arg(std::abs(offset) / 60 % 60, 2, 10, QLatin1Char('0'));
}

void RecentEventsModel::setEvents(std::vector<core::EventRow> events)
{
    beginResetModel();
    m_events = std::move(events);
    endResetModel();
}

int RecentEventsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_events.size());
}

int RecentEventsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RecentEventsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const core::EventRow &e = m_events[static_cast<std::size_t>(index.row())];
    auto opt = [](const std::optional<std::string> &s) { return s ? QString::fromStdString(*s) : QString(); };
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case EventTime: return formatLocalTime(e.eventTime);
        case Kind: return QString::fromStdString(e.kind);
        case Account: return opt(e.account);
        case Session: return opt(e.session);
        case SourceIp: return opt(e.sourceIp);
        case Model: return opt(e.model);
        case Flags: {
            QStringList names;
            for (auto n : core::flagNames(e.flags))
                names << QString::fromUtf8(n.data(), static_cast<qsizetype>(n.size()));
            return names.join(QStringLiteral(", "));
        }
        case Prompt: return QString::fromStdString(e.promptPreview).simplified();
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == Prompt && !e.promptPreview.empty())
            return QString::fromStdString(e.promptPreview);
        if (index.column() == EventTime)
            return tr("Recorded by Cordon at %1").arg(formatLocalTime(e.recordTime));
        break;
    case Qt::ForegroundRole:
        if (index.column() == Flags && e.flags)
            return flagColor(e.flags, QApplication::palette());
        break;
    case FlagsRole: return static_cast<quint32>(e.flags);
    case EventIdRole: return static_cast<qint64>(e.id);
    case EventTimeRole: return static_cast<qint64>(e.eventTime);
    }
    return {};
}

QVariant RecentEventsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case EventTime: return tr("Event time");
    case Kind: return tr("Kind");
    case Account: return tr("Account");
    case Session: return tr("Session");
    case SourceIp: return tr("Source IP");
    case Model: return tr("Model");
    case Flags: return tr("Flags");
    case Prompt: return tr("Prompt");
    }
    return {};
}

} // namespace cordon::ui
