// TCP reassembly of one direction: in order, out of order, retransmitted and overlapping
// segments, and sequence numbers that wrap.
#include <gtest/gtest.h>

#include <string>

#include "oex/replay/tcp_reassembly.hpp"

namespace oex::replay {
namespace {

TEST(TcpReassembly, InOrderSegmentsAreDeliveredAtOnce) {
  TcpDirection d;
  d.on_syn(1000);
  EXPECT_EQ(d.on_segment(1001, "abc"), "abc");
  EXPECT_EQ(d.on_segment(1004, "def"), "def");
}

TEST(TcpReassembly, OutOfOrderSegmentsWaitForTheGap) {
  TcpDirection d;
  d.on_syn(0);
  EXPECT_EQ(d.on_segment(7, "ghi"), "");
  EXPECT_EQ(d.on_segment(4, "def"), "");
  EXPECT_EQ(d.pending_segments(), 2u);
  EXPECT_EQ(d.on_segment(1, "abc"), "abcdefghi");
  EXPECT_EQ(d.pending_segments(), 0u);
}

TEST(TcpReassembly, RetransmissionsAndOverlapsDeliverEachByteOnce) {
  TcpDirection d;
  d.on_syn(99);
  EXPECT_EQ(d.on_segment(100, "hello"), "hello");
  EXPECT_EQ(d.on_segment(100, "hello"), "");        // whole retransmission
  EXPECT_EQ(d.on_segment(103, "lo world"), " world");  // overlaps the end of what came
  EXPECT_EQ(d.on_segment(112, "?!"), "");            // after a gap: waits
  EXPECT_EQ(d.on_segment(110, "d!?"), "!?!");        // closes the gap; its last byte overlaps the waiting one
  EXPECT_EQ(d.retransmitted_bytes(), 5u + 2u + 1u + 1u);
}

TEST(TcpReassembly, AWaitingSegmentOverlappingTheFrontIsTrimmed) {
  TcpDirection d;
  d.on_syn(0);
  EXPECT_EQ(d.on_segment(3, "cdef"), "");
  EXPECT_EQ(d.on_segment(1, "abcd"), "abcdef");
}

TEST(TcpReassembly, SequenceNumbersWrap) {
  TcpDirection d;
  d.on_syn(0xFFFFFFFDu);
  EXPECT_EQ(d.on_segment(0x00000001u, "cd"), "");
  EXPECT_EQ(d.on_segment(0xFFFFFFFEu, "xyz"), "xyzcd");
}

TEST(TcpReassembly, WithoutASynTheFirstDataStartsTheStream) {
  TcpDirection d;
  EXPECT_EQ(d.on_segment(5000, "abc"), "abc");
  EXPECT_EQ(d.on_segment(5003, "d"), "d");
}

}  // namespace
}  // namespace oex::replay
