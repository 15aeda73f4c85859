using System;
using System.Collections.Generic;
using System.Linq;

public class Solution
{
    public string[][] solution(string[] words)
    {
        // Return the groups of anagrams, in order of first appearance.
        return new string[0][];
    }
}
