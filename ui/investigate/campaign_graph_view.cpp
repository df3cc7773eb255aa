#include "ui/investigate/campaign_graph_view.h"

#include "ui/severity_palette.h"

#include <QGraphicsEllipseItem>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QMouseEvent>

#include <cmath>
#include <numbers>

namespace cordon::ui {
namespace {

using Kind = core::investigation::CampaignGraph::Node::Kind;
constexpr int kAccountRole = 0;   // QGraphicsItem::data key holding an account's name

} // namespace

CampaignGraphView::CampaignGraphView(QWidget *parent) : QGraphicsView(parent)
{
    setObjectName(QStringLiteral("campaignGraph"));
    setScene(new QGraphicsScene(this));
    setRenderHint(QPainter::Antialiasing);
    setDragMode(QGraphicsView::ScrollHandDrag);
}

void CampaignGraphView::setGraph(const core::investigation::CampaignGraph &graph)
{
    QGraphicsScene *s = scene();
    s->clear();
    m_nodes = static_cast<int>(graph.nodes.size());
    if (graph.nodes.empty())
        return;
    const QPalette &pal = palette();
    const bool dark = isDarkPalette(pal);
    std::vector<QPointF> at(graph.nodes.size());
    std::size_t accounts = 0;
    for (const auto &n : graph.nodes)
        accounts += n.kind == Kind::Account;
    const std::size_t others = graph.nodes.size() - accounts;
    // Rings sized so labels do not collide: about 70 px of circumference per node.
    const double inner = std::max(90.0, 70.0 * static_cast<double>(accounts) / (2 * std::numbers::pi));
    const double outer = std::max(inner + 110, 60.0 * static_cast<double>(others) / (2 * std::numbers::pi));
    std::size_t a = 0, o = 0;
    for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
        const bool account = graph.nodes[i].kind == Kind::Account;
        const double angle = 2 * std::numbers::pi * (account ? double(a++) / double(accounts) : (double(o++) + 0.5) / double(others));
        const double r = account ? inner : outer;
        at[i] = {r * std::cos(angle), r * std::sin(angle)};
    }

    const QColor linkInk = dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xc6, 0x28, 0x28);
    const QColor useInk = pal.color(QPalette::Mid);
    for (const auto &e : graph.edges) {
        const bool link = graph.nodes[e.b].kind == Kind::Account;
        auto *line = s->addLine(QLineF(at[e.a], at[e.b]), QPen(link ? linkInk : useInk, link ? 1.6 : 1.0));
        line->setZValue(-1);
        line->setToolTip(QString::fromStdString(e.why));
    }
    const QColor accountFill = dark ? QColor(0x2e, 0x6f, 0xb0) : QColor(0x15, 0x65, 0xc0);
    const QColor ipFill = dark ? QColor(0x8d, 0x6e, 0x63) : QColor(0x79, 0x55, 0x48);
    const QColor clusterFill = dark ? QColor(0x7e, 0x57, 0xc2) : QColor(0x5e, 0x35, 0xb1);
    for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
        const auto &n = graph.nodes[i];
        const QString label = QString::fromStdString(n.label);
        QAbstractGraphicsShapeItem *shape = nullptr;
        if (n.kind == Kind::Account) {
            shape = s->addEllipse(-9, -9, 18, 18, QPen(pal.color(QPalette::Base), 1.5), accountFill);
            shape->setData(kAccountRole, label);
            shape->setCursor(Qt::PointingHandCursor);
            shape->setToolTip(tr("Account %1 — click to open it").arg(label));
        } else {
            shape = s->addRect(-7, -7, 14, 14, QPen(pal.color(QPalette::Base), 1.5), n.kind == Kind::SourceIp ? ipFill : clusterFill);
            if (n.kind == Kind::Cluster)
                shape->setRotation(45);
            shape->setToolTip(n.kind == Kind::SourceIp ? tr("Source IP %1").arg(label) : tr("Cluster %1").arg(label));
        }
        shape->setPos(at[i]);
        auto *text = s->addSimpleText(label);
        text->setBrush(pal.color(QPalette::Text));
        const QRectF box = text->boundingRect();
        // Labels sit outside their node, away from the centre.
        const double len = std::hypot(at[i].x(), at[i].y());
        const QPointF out = len > 0 ? at[i] / len : QPointF(0, -1);
        text->setPos(at[i] + out * 16 - QPointF(box.width() / 2, box.height() / 2) + QPointF(out.x() * box.width() / 2, 0));
    }
    // A legend in the top-left corner of the drawing.
    const QRectF bounds = s->itemsBoundingRect();
    auto *legend = s->addSimpleText(tr("● account   ■ shared source IP   ◆ shared cluster   — scored link"));
    legend->setBrush(pal.color(QPalette::PlaceholderText));
    legend->setPos(bounds.left(), bounds.top() - legend->boundingRect().height() - 8);
    s->setSceneRect(s->itemsBoundingRect().adjusted(-20, -20, 20, 20));
    fitInView(s->sceneRect(), Qt::KeepAspectRatio);
}

void CampaignGraphView::mouseReleaseEvent(QMouseEvent *event)
{
    QGraphicsView::mouseReleaseEvent(event);
    for (QGraphicsItem *item : items(event->position().toPoint())) {
        if (const QString account = item->data(kAccountRole).toString(); !account.isEmpty()) {
            Q_EMIT accountClicked(account);
            return;
        }
    }
}

void CampaignGraphView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    if (scene() && !scene()->items().isEmpty())
        fitInView(scene()->sceneRect(), Qt::KeepAspectRatio);
}

} // namespace cordon::ui
