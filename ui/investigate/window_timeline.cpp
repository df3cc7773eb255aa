#include "ui/investigate/window_timeline.h"

#include "core/query/case_reader.h"
#include "core/query/timeline_index.h"
#include "ui/case_reads.h"
#include "ui/qt_text.h"
#include "ui/table_style.h"
#include "ui/time_text.h"

#include <QHeaderView>
#include <QLabel>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <memory>

namespace cordon::ui {
namespace {
constexpr int kMostEvents = 300;
} // namespace

WindowTimeline::WindowTimeline(CaseReads &reads, QWidget *parent)
    : QWidget(parent), m_reads(reads), m_caption(new QLabel), m_view(new QTableView), m_model(new QStandardItemModel(this))
{
    setObjectName(QStringLiteral("windowTimeline"));
    m_caption->setObjectName(QStringLiteral("windowCaption"));
    m_view->setObjectName(QStringLiteral("windowView"));
    m_model->setHorizontalHeaderLabels({tr("Event time"), tr("Kind"), tr("Account"), tr("Prompt")});
    m_view->setModel(m_model);
    configureTable(m_view, {200, 100, 100});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_caption);
    layout->addWidget(m_view, 1);
    connect(m_view, &QTableView::doubleClicked, this, [this] { Q_EMIT activated(m_from, m_to); });
    clear();
}

void WindowTimeline::clear()
{
    ++m_request;
    m_model->removeRows(0, m_model->rowCount());
    m_caption->setText(tr("Select an account, session or event to see the events around it."));
}

void WindowTimeline::showWindow(core::TimeUs from, core::TimeUs to, std::optional<std::string> account)
{
    const unsigned request = ++m_request;
    m_from = from;
    m_to = to;
    auto rows = std::make_shared<std::vector<core::EventRow>>();
    m_reads.read(
        [rows, from, to](core::CaseReader &r) {
            core::TimelineFilter window;
            window.from = from;
            window.to = to;
            // The newest of the window straight from the time index: O(limit) however busy.
            const auto ids = core::TimelineIndex::firstMatches(r.db(), window, kMostEvents + 1);
            if (auto found = r.eventsById(ids))
                *rows = std::move(found.value());
        },
        this, [this, rows, request, account, from, to] {
            if (request != m_request)
                return;
            const bool more = rows->size() > static_cast<std::size_t>(kMostEvents);
            if (more)
                rows->resize(kMostEvents);
            std::reverse(rows->begin(), rows->end());   // oldest first, as a story reads
            m_model->removeRows(0, m_model->rowCount());
            // The middle of the window is what was selected: that row is scrolled to.
            const core::TimeUs focus = from + (to - from) / 2;
            int focusRow = -1;
            for (const core::EventRow &e : *rows) {
                if (focusRow < 0 && e.eventTime >= focus)
                    focusRow = m_model->rowCount();
                QList<QStandardItem *> cells{new QStandardItem(formatLocalTime(e.eventTime)), new QStandardItem(qstr(e.kind)),
                                             new QStandardItem(qstr(e.account.value_or(""))),
                                             new QStandardItem(qstr(e.promptPreview).simplified())};
                if (account && e.account == account) {
                    for (QStandardItem *cell : cells) {
                        QFont bold = cell->font();
                        bold.setBold(true);
                        cell->setFont(bold);
                    }
                }
                m_model->appendRow(cells);
            }
            if (focusRow >= 0) {
                m_view->selectRow(focusRow);
                m_view->scrollTo(m_model->index(focusRow, 0), QAbstractItemView::PositionAtCenter);
            }
            m_caption->setText((more ? tr("± 15 min: the newest %1 events from %2 to %3 (double-click for all on the timeline)")
                                     : tr("± 15 min: %1 events from %2 to %3 (double-click to open on the timeline)"))
                                   .arg(rows->size())
                                   .arg(formatLocalTime(from), formatLocalTime(to)));
        });
}

} // namespace cordon::ui
