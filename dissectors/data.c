/* data.c - payload that no dissector claimed: counted, shown as length. */
#include "dissect.h"
#include "textbuf.h"

static enum dstatus
data_dissect(struct dctx *ctx, struct cursor *c, struct layer *l)
{
	(void)ctx;
	l->u.data.len = (uint32_t)cur_left(c);
	return DS_OK;
}

static void
data_info(const struct layer *l, struct textbuf *tb)
{
	tb_printf(tb, "%u bytes", l->u.data.len);
}

static void
data_detail(const struct layer *l, struct textbuf *tb)
{
	tb_printf(tb, "  Data: %u bytes (%u captured)\n", l->u.data.len, l->cap);
}

const struct dissector dissector_data = {
	.name = "data",
	.display = "Data",
	.proto = PROTO_DATA,
	.dissect = data_dissect,
	.info = data_info,
	.detail = data_detail,
};
