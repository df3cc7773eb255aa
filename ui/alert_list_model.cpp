#include "ui/alert_list_model.h"

#include "ui/qt_text.h"
#include "ui/severity_palette.h"
#include "ui/triage/alert_text.h"

#include <QApplication>
#include <QFont>
#include <QPalette>

namespace cordon::ui {

void AlertListModel::setAlerts(std::vector<core::AlertSummary> alerts, core::TimeUs now)
{
    beginResetModel();
    m_alerts = std::move(alerts);
    m_now = now;
    endResetModel();
}

void AlertListModel::setNow(core::TimeUs now)
{
    m_now = now;
    if (!m_alerts.empty())
        Q_EMIT dataChanged(index(0, Sla), index(rowCount() - 1, Sla));
}

int AlertListModel::openCount() const
{
    return static_cast<int>(
        std::count_if(m_alerts.begin(), m_alerts.end(), [](const core::AlertSummary &a) { return isOpen(a.status); }));
}

int AlertListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_alerts.size());
}

int AlertListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AlertListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const core::AlertSummary &a = m_alerts[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Severity: return qstr(core::toString(a.severity));
        case Status: return qstr(core::toString(a.status));
        case Sla: return slaText(a, m_now);
        case Title: return QString::fromStdString(a.title);
        case Group: return QString::fromStdString(a.groupKey);
        case Events: return QLocale().toString(static_cast<qlonglong>(a.eventCount));
        case Why: return a.criteria.empty() ? QString() : QString::fromStdString(a.criteria.back());
        default: return {};
        }
    case Qt::ToolTipRole: return alertHtml(a, {}, m_now);
    case Qt::BackgroundRole:
        if (index.column() == Severity)
            return severityColors(a.severity, QApplication::palette()).background;
        return {};
    case Qt::ForegroundRole:
        if (index.column() == Severity)
            return severityColors(a.severity, QApplication::palette()).foreground;
        if (index.column() == Sla) {
            if (const QColor c = slaColor(slaState(a, m_now), QApplication::palette()); c.isValid())
                return c;
        }
        return {};
    case Qt::FontRole:
        if (index.column() == Sla && slaState(a, m_now) == SlaState::Breached) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case SeverityRole: return static_cast<int>(a.severity);
    case SlaStateRole: return static_cast<int>(slaState(a, m_now));
    case AlertIdRole: return static_cast<qlonglong>(a.id);
    default: return {};
    }
}

QVariant AlertListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Severity: return tr("Severity");
    case Status: return tr("Status");
    case Sla: return tr("SLA");
    case Title: return tr("Alert");
    case Group: return tr("Who");
    case Events: return tr("Events");
    case Why: return tr("Why");
    default: return {};
    }
}

} // namespace cordon::ui
