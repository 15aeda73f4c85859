use strict;
use warnings;

my $n = 0 + <STDIN>;
# Print the number of moves, then one "from to" line per move.
