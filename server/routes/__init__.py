"""The API's endpoints, one router per audience: clinicians' data, aggregate and research figures, admin."""
