#include "ui/alert_list_model.h"

#include "ui/severity_palette.h"

#include <QApplication>
#include <QFont>
#include <QPalette>

namespace cordon::ui {
namespace {

QString minutes(core::TimeUs us)
{
    const qint64 total = (us < 0 ? -us : us) / 1'000'000;
    if (total < 3600)
        return QStringLiteral("%1:%2").arg(total / 60).arg(total % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1 h %2 min").arg(total / 3600).arg((total % 3600) / 60);
}

bool isOpen(const core::AlertSummary &a)
{
    return a.status == core::AlertStatus::New || a.status == core::AlertStatus::Acknowledged
        || a.status == core::AlertStatus::Escalated;
}

} // namespace

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
    return static_cast<int>(std::count_if(m_alerts.begin(), m_alerts.end(), isOpen));
}

int AlertListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_alerts.size());
}

int AlertListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

AlertListModel::SlaState AlertListModel::slaState(const core::AlertSummary &a) const
{
    if (a.acknowledgedAt)
        return a.sla == core::AlertSummary::Sla::Breached ? SlaState::Breached : SlaState::Done;
    const core::TimeUs left = a.slaDueAt - m_now;
    if (left < 0)
        return SlaState::Breached;
    const core::TimeUs span = a.slaDueAt - a.createdAt;
    return span > 0 && left * 4 < span ? SlaState::Short : SlaState::Running;
}

QString AlertListModel::slaText(const core::AlertSummary &a) const
{
    if (a.acknowledgedAt)
        return a.sla == core::AlertSummary::Sla::Breached ? tr("missed by %1").arg(minutes(a.slaRemaining)) : tr("met");
    const core::TimeUs left = a.slaDueAt - m_now;
    return left < 0 ? tr("breached %1 ago").arg(minutes(left)) : tr("%1 left").arg(minutes(left));
}

QVariant AlertListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const core::AlertSummary &a = m_alerts[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Severity: return QString::fromUtf8(core::toString(a.severity).data(), static_cast<int>(core::toString(a.severity).size()));
        case Status: return QString::fromUtf8(core::toString(a.status).data(), static_cast<int>(core::toString(a.status).size()));
        case Sla: return slaText(a);
        case Title: return QString::fromStdString(a.title);
        case Group: return QString::fromStdString(a.groupKey);
        case Events: return QLocale().toString(static_cast<qlonglong>(a.eventCount));
        case Why: return a.criteria.empty() ? QString() : QString::fromStdString(a.criteria.back());
        default: return {};
        }
    case Qt::ToolTipRole: {
        QString tip = QStringLiteral("<b>%1</b> (%2)<br>").arg(QString::fromStdString(a.title).toHtmlEscaped(),
                                                               QString::fromStdString(a.ruleId));
        tip += tr("Why:") + QStringLiteral("<ul>");
        for (const auto &c : a.criteria)
            tip += QStringLiteral("<li>%1</li>").arg(QString::fromStdString(c).toHtmlEscaped());
        tip += QStringLiteral("</ul>") + tr("Recommended:") + QStringLiteral("<ul>");
        for (const auto &r : a.recommendedActions)
            tip += QStringLiteral("<li>%1</li>").arg(QString::fromStdString(r).toHtmlEscaped());
        tip += QStringLiteral("</ul>");
        if (!a.escalationTarget.empty())
            tip += tr("Escalates to %1").arg(QString::fromStdString(a.escalationTarget).toHtmlEscaped());
        return tip;
    }
    case Qt::BackgroundRole:
        if (index.column() == Severity)
            return severityColors(a.severity, QApplication::palette()).background;
        return {};
    case Qt::ForegroundRole:
        if (index.column() == Severity)
            return severityColors(a.severity, QApplication::palette()).foreground;
        if (index.column() == Sla) {
            const SlaState s = slaState(a);
            const bool dark = isDarkPalette(QApplication::palette());
            if (s == SlaState::Breached)
                return QColor(dark ? QStringLiteral("#ff6b6b") : QStringLiteral("#b3261e"));
            if (s == SlaState::Short)
                return QColor(dark ? QStringLiteral("#ffb74d") : QStringLiteral("#a15c00"));
        }
        return {};
    case Qt::FontRole:
        if (index.column() == Sla && slaState(a) == SlaState::Breached) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case SeverityRole: return static_cast<int>(a.severity);
    case SlaStateRole: return static_cast<int>(slaState(a));
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
