#include "ui/feeds_model.h"

#include "ui/feed_controller.h"
#include "ui/time_text.h"

#include <QApplication>
#include <QLocale>
#include <QPalette>

namespace cordon::ui {

QString feedKindLabel(const std::string &kind)
{
    if (kind == "http")
        return FeedsModel::tr("HTTP webhook");
    if (kind == "syslog_udp")
        return FeedsModel::tr("Syslog (UDP)");
    if (kind == "syslog_tcp")
        return FeedsModel::tr("Syslog (TCP)");
    if (kind == "tail")
        return FeedsModel::tr("File tail");
    if (kind == "alertmanager_pull")
        return FeedsModel::tr("Alertmanager pull");
    return QString::fromStdString(kind);
}

FeedsModel::FeedsModel(const FeedController &controller, QObject *parent)
    : QAbstractTableModel(parent), m_controller(controller)
{
}

void FeedsModel::setDefinitions(std::vector<core::FeedDefinition> feeds)
{
    beginResetModel();
    m_feeds = std::move(feeds);
    m_stats = m_controller.stats();
    endResetModel();
}

void FeedsModel::refreshStats()
{
    m_stats = m_controller.stats();
    if (!m_feeds.empty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

const core::FeedDefinition *FeedsModel::definition(int row) const
{
    return row >= 0 && row < rowCount() ? &m_feeds[static_cast<std::size_t>(row)] : nullptr;
}

int FeedsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_feeds.size());
}

int FeedsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString FeedsModel::state(const core::FeedDefinition &f) const
{
    const QString name = QString::fromStdString(f.name);
    if (m_controller.isRunning(name))
        return tr("Running");
    if (!m_controller.problem(name).isEmpty())
        return tr("Failed");
    if (!m_controller.isAttached())
        return f.enabled ? tr("Enabled (not here)") : tr("Stopped");
    return f.enabled ? tr("Starting") : tr("Stopped");
}

QString FeedsModel::detail(const core::FeedDefinition &f) const
{
    const QString name = QString::fromStdString(f.name);
    if (QString problem = m_controller.problem(name); !problem.isEmpty())
        return problem;
    if (auto it = m_stats.find(f.name); it != m_stats.end() && !it->second.lastError.empty())
        return QString::fromStdString(it->second.lastError);
    if (m_controller.isRunning(name))
        return m_controller.where(name);
    const auto &c = f.config;
    for (const char *key : {"listen", "path", "url"}) {
        if (c.contains(key) && c[key].is_string())
            return QString::fromStdString(c[key].get<std::string>());
    }
    return {};
}

QVariant FeedsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const core::FeedDefinition &f = m_feeds[static_cast<std::size_t>(index.row())];
    const auto it = m_stats.find(f.name);
    const core::FeedStats none;
    const core::FeedStats &s = it == m_stats.end() ? none : it->second;
    const QLocale locale;
    const QString name = QString::fromStdString(f.name);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Name: return name;
        case Kind: return feedKindLabel(f.kind);
        case State: return state(f);
        case Rate: return locale.toString(s.eventsPerSecond, 'f', 0);
        case Accepted: return locale.toString(static_cast<qlonglong>(s.accepted));
        case Rejected: return locale.toString(static_cast<qlonglong>(s.rejected));
        case Duplicates: return locale.toString(static_cast<qlonglong>(s.duplicates + s.replayedDeliveries));
        case LastSeen: return s.lastSeen ? formatLocalTime(s.lastSeen).left(19) : QString();
        case Detail: return detail(f);
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == Detail || index.column() == State)
            return detail(f);
        if (index.column() == Duplicates)
            return tr("%1 records already in the case, %2 retried deliveries answered from the first")
                .arg(s.duplicates)
                .arg(s.replayedDeliveries);
        break;
    case Qt::ForegroundRole:
        if (index.column() == State || index.column() == Detail) {
            if (!m_controller.problem(name).isEmpty() || !s.lastError.empty())
                return QColor(0xc6, 0x28, 0x28);
        }
        if (index.column() == Rejected && s.rejected > 0)
            return QColor(0xb2, 0x6a, 0x00);
        break;
    case Qt::TextAlignmentRole:
        if (index.column() >= Rate && index.column() <= Duplicates)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case RunningRole:
        return m_controller.isRunning(name);
    }
    return {};
}

QVariant FeedsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name: return tr("Feed");
    case Kind: return tr("Kind");
    case State: return tr("State");
    case Rate: return tr("Events/s");
    case Accepted: return tr("Accepted");
    case Rejected: return tr("Rejected");
    case Duplicates: return tr("Duplicates");
    case LastSeen: return tr("Last seen");
    case Detail: return tr("Where / last error");
    }
    return {};
}

} // namespace cordon::ui
